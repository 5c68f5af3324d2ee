import { page } from "../../shared/schemas.ts";
import { adminProcedure, router } from "../../trpc.ts";
import { jobListInput, jobRunEntryOutput, jobRunInput, jobRunOutput } from "./schemas.ts";
import * as jobs from "./service.ts";

export const jobsRouter = router({
  run: adminProcedure
    .meta({ openapi: { method: "POST", path: "/admin/jobs/runs", tags: ["Admin"], summary: "Run a job now" } })
    .input(jobRunInput)
    .output(jobRunOutput)
    .mutation(({ ctx, input }) => jobs.requestJobRun(ctx, ctx.viewer, input)),
  list: adminProcedure
    .meta({ openapi: { method: "GET", path: "/admin/jobs/runs", tags: ["Admin"], summary: "Recent job runs" } })
    .input(jobListInput)
    .output(page(jobRunEntryOutput))
    .query(({ ctx, input }) => jobs.listJobRuns(ctx, input)),
});
