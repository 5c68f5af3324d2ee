import { page } from "../../shared/schemas.ts";
import { adminProcedure, router } from "../../trpc.ts";
import { mailListInput, mailMessageOutput, mailRetryInput } from "./schemas.ts";
import * as mail from "./service.ts";

export const mailRouter = router({
  list: adminProcedure
    .meta({ openapi: { method: "GET", path: "/admin/mail", tags: ["Admin"], summary: "The outbox by status" } })
    .input(mailListInput)
    .output(page(mailMessageOutput))
    .query(({ ctx, input }) => mail.listMail(ctx, input)),
  retry: adminProcedure
    .meta({ openapi: { method: "POST", path: "/admin/mail/{id}/retry", tags: ["Admin"], summary: "Send a dead message again" } })
    .input(mailRetryInput)
    .output(mailMessageOutput)
    .mutation(({ ctx, input }) => mail.retryMail(ctx, ctx.viewer, input.id)),
});
