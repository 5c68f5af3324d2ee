import { hostname } from "node:os";
import type { Logger } from "../../context.ts";
import type { Services } from "../../shared/services.ts";
import { cronSchedule, type CronSchedule } from "./calendar.ts";
import { allJobs, type JobDefinition } from "./definitions.ts";
import {
  anchorSchedulesSql,
  claimDueRunSql,
  failRunSql,
  finishRunSql,
  handBackRunSql,
  pruneRunsSql,
  renewLeaseSql,
  takeOverRunSql,
  type ClaimedRun,
} from "./sql.ts";

export interface SchedulerOptions {
  services: Services;
  log: Logger;
  /** IANA zone the cron expressions and report periods are reckoned in. */
  timezone: string;
  /** This process's name in job runs (default: host, pid and a random suffix). */
  owner?: string;
  /** How often to look for due and abandoned runs (default 1 s). */
  tickMs?: number;
  /** How long a run stays with its process without a heartbeat (default 30 s); renewed every third of it. */
  leaseMs?: number;
  /** Attempts before a run is marked failed for good (default 3). */
  maxAttempts?: number;
  /** Wait before the first retry of a failed attempt, doubled for each further one (default 30 s). */
  retryDelayMs?: number;
  /** Runs this process works on at once at most (default 4). */
  maxInHand?: number;
  /** The jobs (default: all of them). */
  jobs?: readonly JobDefinition[];
}

export interface Scheduler {
  readonly owner: string;
  /** The cron entries it runs, in the schedule timezone: for an engine that fires them from elsewhere. */
  readonly schedules: readonly { job: string; cron: string }[];
  /** Starts looking for work every tick, and at once when an admin asks for a run in this process. */
  start(): void;
  /** One look for work; resolves when every run it started has finished. */
  tick(): Promise<void>;
  /**
   * Stops taking work and lets the runs in hand finish for up to `graceMs`;
   * those still going are then aborted and handed back for another process.
   */
  stop(graceMs?: number): Promise<void>;
  /** Runs under way in this process. */
  inHand(): number;
}

/** A run cut short because its lease passed to another process: its work must not commit. */
class RunLost extends Error {}

const describeError = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 2_000);

/**
 * Runs the jobs of one process. Every due time of every schedule is claimed
 * by inserting its row (exactly one process succeeds), and only the latest
 * due time counts, so a process that was down runs each schedule once on
 * its return. Runs whose lease has passed (asked for by an admin, waiting
 * for a retry, or left by a dead process) are taken over one at a time.
 */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const { services, log, timezone } = options;
  const { db, clock } = services;
  const owner = options.owner ?? `${hostname()}:${process.pid}:${crypto.randomUUID().slice(0, 8)}`;
  const tickMs = options.tickMs ?? 1_000;
  const leaseMs = options.leaseMs ?? 30_000;
  const maxAttempts = options.maxAttempts ?? 3;
  const retryDelayMs = options.retryDelayMs ?? 30_000;
  const maxInHand = options.maxInHand ?? 4;
  const jobs = options.jobs ?? allJobs;
  const byName = new Map(jobs.map((job) => [job.name as string, job]));
  const schedules: { job: JobDefinition; schedule: CronSchedule }[] = jobs.flatMap((job) =>
    job.cron ? [{ job, schedule: cronSchedule(job.cron, timezone) }] : [],
  );

  /** The latest due time of each schedule this process has tried to claim, so that it asks the database once per due time. */
  const tried = new Map<string, number>();
  const running = new Map<string, { job: string; done: Promise<void>; abort: AbortController }>();
  let anchored: Promise<void> | undefined;
  let started = false;
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let looking: Promise<Promise<void>[]> | undefined;
  let lookAgain = false;
  let stopWaking: (() => void) | undefined;

  const anchor = () =>
    schedules.length === 0
      ? Promise.resolve()
      : (anchored ??= db
          .$executeRaw(
            anchorSchedulesSql(
              schedules.map((s) => s.job.name),
              clock.now(),
            ),
          )
          .then(
            () => undefined,
            (error: unknown) => {
              anchored = undefined;
              throw error;
            },
          ));

  /** Claims what is due and starts it; returns the runs started. */
  async function lookForWork(): Promise<Promise<void>[]> {
    await anchor();
    const launched: Promise<void>[] = [];
    for (const { job, schedule } of schedules) {
      if (stopping || running.size >= maxInHand) break;
      const now = clock.now();
      const due = schedule.latestDue(now);
      if (!due || tried.get(job.name) === due.getTime()) continue;
      // A job still running here waits for its next look rather than run twice at once.
      if ([...running.values()].some((run) => run.job === job.name)) continue;
      const [claimed] = await db.$queryRaw<ClaimedRun[]>(claimDueRunSql({ job: job.name, dueAt: due, owner, now, leaseMs }));
      tried.set(job.name, due.getTime());
      if (claimed) launched.push(launch(claimed));
    }
    while (!stopping && running.size < maxInHand) {
      const [taken] = await db.$queryRaw<ClaimedRun[]>(takeOverRunSql({ owner, now: clock.now(), leaseMs, maxAttempts }));
      if (!taken) break;
      if (taken.status === "failed") {
        log.warn({ job: taken.job, runId: taken.id, attempts: taken.attempts - 1 }, "job run failed for good: its last attempt never finished");
        continue;
      }
      launched.push(launch(taken));
    }
    return launched;
  }

  function launch(run: ClaimedRun): Promise<void> {
    const abort = new AbortController();
    // Claimed as this process began to stop: another takes it at once.
    if (stopping) abort.abort();
    const done = execute(run, abort.signal).finally(() => running.delete(run.id));
    running.set(run.id, { job: run.job, done, abort });
    return done;
  }

  async function execute(run: ClaimedRun, signal: AbortSignal): Promise<void> {
    const job = byName.get(run.job);
    if (!job) {
      // Written by a newer version of the code; one that knows it will take it.
      await db.$executeRaw(handBackRunSql({ id: run.id, owner }));
      return;
    }
    if (signal.aborted) {
      await db.$executeRaw(handBackRunSql({ id: run.id, owner })).catch(() => {});
      return;
    }
    const context = { services, log, at: run.dueAt ?? run.createdAt, timezone, requestedBy: run.requestedBy, signal };
    const heartbeat = setInterval(
      () => {
        db.$executeRaw(renewLeaseSql({ id: run.id, owner, leaseMs })).then(
          (renewed) => {
            if (renewed === 0 && !signal.aborted) log.warn({ job: run.job, runId: run.id }, "job run taken over by another process");
          },
          (error: unknown) => log.warn({ err: error, job: run.job, runId: run.id }, "job lease renewal failed"),
        );
      },
      Math.max(10, Math.floor(leaseMs / 3)),
    );
    const started = performance.now();
    try {
      const finish = async (client: Pick<Services["db"], "$executeRaw">) => {
        signal.throwIfAborted();
        if ((await client.$executeRaw(finishRunSql({ id: run.id, owner, now: clock.now() }))) !== 1) throw new RunLost();
      };
      if (job.inTransaction) {
        await db.$transaction(
          async (tx) => {
            await job.run(tx, context);
            await finish(tx);
          },
          { maxWait: 60_000, timeout: 10 * 60_000 },
        );
      } else {
        await job.run(db, context);
        await finish(db);
      }
      log.info({ job: run.job, runId: run.id, dueAt: run.dueAt, attempt: run.attempts, ms: Math.round(performance.now() - started) }, "job run succeeded");
    } catch (error) {
      if (error instanceof RunLost) {
        log.warn({ job: run.job, runId: run.id }, "job run taken over by another process; its work here was undone");
      } else if (signal.aborted) {
        await db.$executeRaw(handBackRunSql({ id: run.id, owner })).catch(() => {});
        log.warn({ job: run.job, runId: run.id }, "job run handed back at shutdown");
      } else {
        const retryMs = retryDelayMs * 2 ** Math.max(0, run.attempts - 1);
        await db
          .$executeRaw(failRunSql({ id: run.id, owner, now: clock.now(), error: describeError(error), retryMs, maxAttempts }))
          .catch((failure: unknown) => log.error({ err: failure, runId: run.id }, "could not record a failed job run"));
        log.error({ err: error, job: run.job, runId: run.id, attempt: run.attempts }, "job run failed");
      }
    } finally {
      clearInterval(heartbeat);
    }
    if (job.keepRunsMs !== undefined && run.dueAt) {
      await db.$executeRaw(pruneRunsSql(job.name, new Date(run.dueAt.getTime() - job.keepRunsMs))).catch(() => {});
    }
  }

  /** One look at a time; a wake-up during a look makes another one follow it. */
  function look(): Promise<Promise<void>[]> {
    if (looking) {
      lookAgain = true;
      return looking;
    }
    looking = lookForWork().finally(() => {
      looking = undefined;
      if (lookAgain && !stopping) {
        lookAgain = false;
        void look().catch((error: unknown) => log.warn({ err: error }, "looking for due jobs failed"));
      }
    });
    return looking;
  }

  function loop() {
    timer = undefined;
    if (stopping) return;
    look()
      .catch((error: unknown) => log.warn({ err: error }, "looking for due jobs failed"))
      .finally(() => {
        if (!stopping) timer = setTimeout(loop, tickMs);
      });
  }

  return {
    owner,
    schedules: schedules.map(({ job }) => ({ job: job.name, cron: job.cron! })),
    start: () => {
      if (started) return;
      started = true;
      stopWaking = services.changes.onJobRequested(() => {
        if (!stopping) void look().catch((error: unknown) => log.warn({ err: error }, "looking for due jobs failed"));
      });
      loop();
    },
    tick: async () => {
      await Promise.all(await look());
    },
    stop: async (graceMs = 20_000) => {
      stopping = true;
      stopWaking?.();
      if (timer) clearTimeout(timer);
      // A look under way may be queued behind a run's transaction (the embedded database runs one at a time), so both are waited for together.
      const settled = (withinMs: number) => {
        let timeout: NodeJS.Timeout | undefined;
        const everything = Promise.all([looking?.catch(() => {}), ...[...running.values()].map((run) => run.done)]).then(() => true);
        return Promise.race([everything, new Promise<false>((resolve) => (timeout = setTimeout(resolve, withinMs, false)))]).finally(() =>
          clearTimeout(timeout),
        );
      };
      if (await settled(graceMs)) return;
      // Bodies stop at their next step; one stuck in a statement is handed back
      // from here, and its transaction dies with the process's connection.
      for (const run of running.values()) run.abort.abort();
      if (await settled(1_000)) return;
      // On the embedded database this statement queues behind the stuck transaction: wait for it a moment only.
      const handBack = Promise.all([...running.keys()].map((id) => db.$executeRaw(handBackRunSql({ id, owner })).catch(() => {})));
      await Promise.race([handBack, new Promise((resolve) => setTimeout(resolve, 2_000))]);
    },
    inHand: () => running.size,
  };
}
