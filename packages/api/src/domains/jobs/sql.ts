import { Prisma } from "@park/db";

// Times: `due_at`, `created_at`, `started_at` and `finished_at` come from the
// scheduler's clock, so a test that moves the clock sees them move too.
// Leases are liveness, measured by the database's own `now()`: every process
// agrees on it whatever their clocks say.

export interface ClaimedRun {
  id: string;
  job: string;
  dueAt: Date | null;
  requestedBy: string | null;
  createdAt: Date;
  attempts: number;
  status: "running" | "failed";
}

const lease = (ms: number) => Prisma.sql`now() + ${ms}::int * interval '1 millisecond'`;

/** Records when each schedule was first seen; an existing record stays. */
export function anchorSchedulesSql(jobs: readonly string[], since: Date): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO job_schedules (job, since)
    SELECT name, ${since}::timestamptz FROM (VALUES ${Prisma.join(jobs.map((job) => Prisma.sql`(${job})`))}) AS schedules (name)
    ON CONFLICT (job) DO NOTHING`;
}

/**
 * Inserts the run of one due time, owned by the caller, and returns it; no
 * row means another process has it (the unique (job, due_at) key), or a
 * later due time already ran, or it falls before the schedule was first seen.
 */
export function claimDueRunSql(run: { job: string; dueAt: Date; owner: string; now: Date; leaseMs: number }): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO job_runs (job, due_at, status, attempts, owner, lease_until, created_at, started_at)
    SELECT ${run.job}, ${run.dueAt}::timestamptz, 'running', 1, ${run.owner}, ${lease(run.leaseMs)}, ${run.now}::timestamptz, ${run.now}::timestamptz
    WHERE EXISTS (SELECT 1 FROM job_schedules WHERE job = ${run.job} AND since <= ${run.dueAt}::timestamptz)
      AND NOT EXISTS (SELECT 1 FROM job_runs WHERE job = ${run.job} AND due_at >= ${run.dueAt}::timestamptz)
    ON CONFLICT (job, due_at) DO NOTHING
    RETURNING id, job, due_at AS "dueAt", requested_by AS "requestedBy", created_at AS "createdAt", attempts, status::text AS status`;
}

/**
 * Takes one run whose lease has passed: asked for by an admin and not yet
 * started, waiting for a retry, or left by a process that died. Rows another
 * process is taking at this moment are skipped. A run out of attempts is
 * marked failed instead, and returned so the caller can tell.
 */
export function takeOverRunSql(run: { owner: string; now: Date; leaseMs: number; maxAttempts: number }): Prisma.Sql {
  return Prisma.sql`
    UPDATE job_runs r
    SET owner = ${run.owner},
        attempts = r.attempts + 1,
        started_at = ${run.now}::timestamptz,
        lease_until = ${lease(run.leaseMs)},
        last_error = CASE WHEN r.owner IS NULL THEN r.last_error ELSE r.owner || ' stopped before finishing' END,
        status = CASE WHEN r.attempts >= ${run.maxAttempts}::int THEN 'failed'::"JobRunStatus" ELSE 'running'::"JobRunStatus" END,
        finished_at = CASE WHEN r.attempts >= ${run.maxAttempts}::int THEN ${run.now}::timestamptz END
    FROM (
      SELECT id FROM job_runs
      WHERE status = 'running' AND lease_until <= now()
      ORDER BY lease_until
      LIMIT 1
      FOR UPDATE SKIP LOCKED
    ) due
    WHERE r.id = due.id
    RETURNING r.id, r.job, r.due_at AS "dueAt", r.requested_by AS "requestedBy", r.created_at AS "createdAt", r.attempts, r.status::text AS status`;
}

/** Extends the lease of a run still in the caller's hands; 0 rows: it is not any more. */
export function renewLeaseSql(run: { id: string; owner: string; leaseMs: number }): Prisma.Sql {
  return Prisma.sql`UPDATE job_runs SET lease_until = ${lease(run.leaseMs)} WHERE id = ${run.id}::uuid AND owner = ${run.owner} AND status = 'running'`;
}

/**
 * Marks a run done. Inside a body's transaction it commits with the body's
 * work or not at all; 0 rows means someone took the run over meanwhile, and
 * the body's work must be rolled back.
 */
export function finishRunSql(run: { id: string; owner: string; now: Date }): Prisma.Sql {
  return Prisma.sql`
    UPDATE job_runs SET status = 'succeeded', finished_at = ${run.now}::timestamptz, lease_until = NULL
    WHERE id = ${run.id}::uuid AND owner = ${run.owner} AND status = 'running'`;
}

/** Records a failed attempt: the run waits `retryMs` for any process to retry it, or fails for good after its last attempt. */
export function failRunSql(run: { id: string; owner: string; now: Date; error: string; retryMs: number; maxAttempts: number }): Prisma.Sql {
  return Prisma.sql`
    UPDATE job_runs
    SET last_error = ${run.error},
        owner = NULL,
        status = CASE WHEN attempts >= ${run.maxAttempts}::int THEN 'failed'::"JobRunStatus" ELSE 'running'::"JobRunStatus" END,
        lease_until = CASE WHEN attempts >= ${run.maxAttempts}::int THEN NULL ELSE ${lease(run.retryMs)} END,
        finished_at = CASE WHEN attempts >= ${run.maxAttempts}::int THEN ${run.now}::timestamptz END
    WHERE id = ${run.id}::uuid AND owner = ${run.owner} AND status = 'running'`;
}

/** Gives a run back unfinished, for any process to take at once. */
export function handBackRunSql(run: { id: string; owner: string }): Prisma.Sql {
  return Prisma.sql`
    UPDATE job_runs SET owner = NULL, lease_until = now(), last_error = ${`${run.owner} stopped and handed it back`}
    WHERE id = ${run.id}::uuid AND owner = ${run.owner} AND status = 'running'`;
}

/** Forgets finished runs of a frequent job older than `before`. */
export function pruneRunsSql(job: string, before: Date): Prisma.Sql {
  return Prisma.sql`DELETE FROM job_runs WHERE job = ${job} AND status <> 'running' AND due_at < ${before}::timestamptz`;
}

/** An admin's request for a run now: no owner, and a lease already over, so the next process to look takes it. */
export function requestRunSql(run: { job: string; requestedBy: string; now: Date }): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO job_runs (job, requested_by, created_at, lease_until)
    VALUES (${run.job}, ${run.requestedBy}::uuid, ${run.now}::timestamptz, now())
    RETURNING id`;
}

/**
 * Whether a user did anything in [start, end): booked, held a booking (not
 * cancelled) whose window overlaps it, or parked during it.
 */
function activeBetween(user: Prisma.Sql, start: Date, end: Date): Prisma.Sql {
  return Prisma.sql`(
    EXISTS (
      SELECT 1 FROM reservations r
      WHERE r.user_id = ${user}
        AND ((r.created_at >= ${start}::timestamptz AND r.created_at < ${end}::timestamptz)
          OR (r.status <> 'cancelled' AND r.starts_at < ${end}::timestamptz AND r.ends_at > ${start}::timestamptz))
    )
    OR EXISTS (
      SELECT 1 FROM sessions s
      WHERE s.user_id = ${user} AND s.started_at < ${end}::timestamptz AND (s.ended_at IS NULL OR s.ended_at > ${start}::timestamptz)
    )
  )`;
}

export interface Recipient {
  id: string;
  email: string;
}

/**
 * Drivers (not disabled) with no activity in the `days` before `at` who have
 * not been reminded in that time either; records the reminder of each in the
 * same statement, so two runs at once cannot both pick a user.
 */
export function remindInactiveSql(at: Date, days: number): Prisma.Sql {
  const since = new Date(at.getTime() - days * 86_400_000);
  return Prisma.sql`
    WITH inactive AS (
      SELECT u.id FROM users u
      WHERE u.role = 'user' AND NOT u.disabled AND u.created_at <= ${since}::timestamptz
        AND NOT ${activeBetween(Prisma.sql`u.id`, since, at)}
    ), reminded AS (
      INSERT INTO inactivity_reminders AS ir (user_id, reminded_at)
      SELECT id, ${at}::timestamptz FROM inactive
      ON CONFLICT (user_id) DO UPDATE SET reminded_at = excluded.reminded_at
      WHERE ir.reminded_at <= ${since}::timestamptz
      RETURNING user_id
    )
    SELECT u.id, u.email::text AS email FROM reminded JOIN users u ON u.id = reminded.user_id ORDER BY u.created_at, u.id`;
}

/** Users (not disabled) with any activity in [start, end). */
export function activeUsersSql(start: Date, end: Date): Prisma.Sql {
  return Prisma.sql`
    SELECT u.id, u.email::text AS email FROM users u
    WHERE NOT u.disabled AND ${activeBetween(Prisma.sql`u.id`, start, end)}
    ORDER BY u.created_at, u.id`;
}
