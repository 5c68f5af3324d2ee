import { page } from "../../shared/schemas.ts";
import { adminProcedure, router } from "../../trpc.ts";
import { auditEntryOutput, auditListInput } from "./schemas.ts";
import * as audit from "./service.ts";

export const auditRouter = router({
  list: adminProcedure
    .input(auditListInput)
    .output(page(auditEntryOutput))
    .query(({ ctx, input }) => audit.listAudit(ctx, input)),
});
