import { adminProcedure, router } from "../../trpc.ts";
import { reportSummaryInput, reportSummaryOutput } from "./schemas.ts";
import * as reports from "./service.ts";

export const reportsRouter = router({
  summary: adminProcedure
    .meta({ openapi: { method: "GET", path: "/admin/reports/summary", tags: ["Admin"], summary: "Revenue and occupancy per lot and day" } })
    .input(reportSummaryInput)
    .output(reportSummaryOutput)
    .query(({ ctx, input }) => reports.reportSummary(ctx, input)),
});
