import { protectedProcedure, router } from "../../trpc.ts";
import { historyExportInput, historyExportOutput } from "./schemas.ts";
import { exportHistory } from "./service.ts";

export const exportsRouter = router({
  history: protectedProcedure
    .meta({ openapi: { method: "POST", path: "/exports/history", tags: ["Exports"], summary: "Your reservations and sessions as CSV, emailed if asked" } })
    .input(historyExportInput)
    .output(historyExportOutput)
    .mutation(({ ctx, input }) => exportHistory(ctx, ctx.user, input)),
});
