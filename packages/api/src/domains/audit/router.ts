import { page } from "../../shared/schemas.ts";
import { adminProcedure, router } from "../../trpc.ts";
import { auditEntryOutput, auditListInput } from "./schemas.ts";
import * as audit from "./service.ts";

export const auditRouter = router({
  list: adminProcedure
    .meta({ openapi: { method: "GET", path: "/admin/audit", tags: ["Admin"], summary: "Who changed what, newest first" } })
    .input(auditListInput)
    .output(page(auditEntryOutput))
    .query(({ ctx, input }) => audit.listAudit(ctx, input)),
});
