import type { Prisma } from "@park/db";
import { recordAudit } from "../../shared/audit.ts";
import { createdKey, decodeCursor, toPage } from "../../shared/paging.ts";
import type { Services } from "../../shared/services.ts";
import type { Viewer } from "../../shared/viewer.ts";
import type { JobName, ManualJobName } from "./names.ts";
import { requestRunSql } from "./sql.ts";

/**
 * Records an admin's request to run a job now, with its audit row, and tells
 * this process's scheduler. The run itself happens in the background, in
 * whichever process that runs jobs takes it first (a few seconds at most).
 */
export async function requestJobRun({ db, clock, changes }: Services, actor: Viewer, input: { job: ManualJobName }): Promise<{ jobId: string }> {
  const jobId = await db.$transaction(async (tx) => {
    const [run] = await tx.$queryRaw<{ id: string }[]>(requestRunSql({ job: input.job, requestedBy: actor.id, now: clock.now() }));
    await recordAudit(tx, actor, { action: "job.run", targetType: "job_run", targetId: run!.id, after: { job: input.job } });
    return run!.id;
  });
  changes.jobRequested();
  return { jobId };
}

/** Job runs, newest first. */
export async function listJobRuns({ db }: Services, input: { job?: JobName | undefined; cursor?: string | undefined; limit: number }) {
  const after = decodeCursor(createdKey, input.cursor);
  const where: Prisma.JobRunWhereInput = {
    AND: [
      input.job ? { job: input.job } : {},
      after ? { OR: [{ createdAt: { lt: new Date(after.t) } }, { createdAt: new Date(after.t), id: { lt: after.id } }] } : {},
    ],
  };
  const rows = await db.jobRun.findMany({
    where,
    include: { requester: { select: { id: true, username: true } } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
  });
  const page = toPage(rows, input.limit, (row) => ({ t: row.createdAt.toISOString(), id: row.id }));
  return {
    items: page.items.map((row) => ({
      id: row.id,
      job: row.job,
      dueAt: row.dueAt,
      status: row.status,
      attempts: row.attempts,
      lastError: row.lastError,
      requestedBy: row.requester,
      createdAt: row.createdAt,
      startedAt: row.startedAt,
      finishedAt: row.finishedAt,
    })),
    nextCursor: page.nextCursor,
  };
}
