import { protectedProcedure, router } from "../../trpc.ts";
import { historyExportInput, historyExportOutput } from "./schemas.ts";
import { historyCsv } from "./service.ts";

export const exportsRouter = router({
  history: protectedProcedure
    .input(historyExportInput)
    .output(historyExportOutput)
    .mutation(({ ctx }) => historyCsv(ctx, ctx.user.id)),
});
