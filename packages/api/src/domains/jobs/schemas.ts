import { z } from "zod";
import { date, pageInput } from "../../shared/schemas.ts";
import { jobNames, manualJobNames } from "./names.ts";

const jobName = z.enum(jobNames, { error: `Must be one of ${jobNames.join(", ")}` });

export const jobRunInput = z.strictObject({ job: z.enum(manualJobNames, { error: `Must be one of ${manualJobNames.join(", ")}` }) });

export const jobRunOutput = z.object({ jobId: z.string() });

export const jobListInput = z.strictObject({ job: jobName.optional(), ...pageInput }).prefault({});

export const jobRunEntryOutput = z.object({
  id: z.string(),
  job: z.string(),
  /** The due time of a scheduled run; null for a run an admin asked for. */
  dueAt: date.nullable(),
  status: z.enum(["running", "succeeded", "failed"]),
  attempts: z.number(),
  lastError: z.string().nullable(),
  requestedBy: z.object({ id: z.string(), username: z.string() }).nullable(),
  /** When the run was scheduled or asked for. */
  createdAt: date,
  /** When its latest attempt started; null while it waits for its first. */
  startedAt: date.nullable(),
  finishedAt: date.nullable(),
});
