import { page } from "../../shared/schemas.ts";
import { adminProcedure, router } from "../../trpc.ts";
import { jobListInput, jobRunEntryOutput, jobRunInput, jobRunOutput } from "./schemas.ts";
import * as jobs from "./service.ts";

export const jobsRouter = router({
  run: adminProcedure
    .input(jobRunInput)
    .output(jobRunOutput)
    .mutation(({ ctx, input }) => jobs.requestJobRun(ctx, ctx.viewer, input)),
  list: adminProcedure
    .input(jobListInput)
    .output(page(jobRunEntryOutput))
    .query(({ ctx, input }) => jobs.listJobRuns(ctx, input)),
});
