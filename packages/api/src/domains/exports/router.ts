import { protectedProcedure, router } from "../../trpc.ts";
import { historyExportInput, historyExportOutput } from "./schemas.ts";
import { exportHistory } from "./service.ts";

export const exportsRouter = router({
  history: protectedProcedure
    .input(historyExportInput)
    .output(historyExportOutput)
    .mutation(({ ctx, input }) => exportHistory(ctx, ctx.user, input)),
});
