import { page } from "../../shared/schemas.ts";
import { adminProcedure, router } from "../../trpc.ts";
import { mailListInput, mailMessageOutput, mailRetryInput } from "./schemas.ts";
import * as mail from "./service.ts";

export const mailRouter = router({
  list: adminProcedure
    .input(mailListInput)
    .output(page(mailMessageOutput))
    .query(({ ctx, input }) => mail.listMail(ctx, input)),
  retry: adminProcedure
    .input(mailRetryInput)
    .output(mailMessageOutput)
    .mutation(({ ctx, input }) => mail.retryMail(ctx, ctx.viewer, input.id)),
});
