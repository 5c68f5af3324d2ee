import { resolve } from "node:path";
import { createChangeFeed, systemClock, type Clock, type Scheduler, type SchedulerOptions } from "@park/api";
import { openDatabase, type Database } from "@park/db";
import { StartupError } from "./app.ts";
import { jobsGraceMs, startJobs } from "./jobs.ts";
import type { Env } from "./env.ts";
import type { AppLogger } from "./logger.ts";

export interface WorkerOptions {
  env: Env;
  log: AppLogger;
  migrationsDir?: string | undefined;
  /** The time jobs see (default: the system clock). */
  clock?: Clock;
  /** Tuning of the scheduler (ticks, leases); the defaults suit production. */
  tuning?: Pick<SchedulerOptions, "tickMs" | "leaseMs" | "retryDelayMs">;
}

export interface RunningWorker {
  db: Database;
  scheduler: Scheduler;
  /** Takes no more work, finishes (or hands back) the runs in hand, closes the database. */
  stop(graceMs?: number): Promise<void>;
}

/** Runs jobs and delivers mail against a PostgreSQL database shared with the servers, without serving HTTP. */
export async function startWorker({ env, log, migrationsDir, clock = systemClock, tuning }: WorkerOptions): Promise<RunningWorker> {
  if (!env.DATABASE_URL) {
    throw new StartupError(
      "a worker shares its database with the servers: set DATABASE_URL (the embedded database serves a single process, which runs jobs itself)",
    );
  }
  const db = await openDatabase({ url: env.DATABASE_URL, dataDir: resolve(env.DATA_DIR, "db"), poolSize: env.DATABASE_POOL_SIZE, migrationsDir }).catch(
    (error) => {
      throw new StartupError(`cannot open the database: ${error instanceof Error ? error.message : String(error)}`);
    },
  );
  try {
    // Whichever process starts first migrates; the others wait their turn and find nothing to do.
    const applied = await db.migrate();
    if (applied.length > 0) log.info({ applied }, "migrations applied");
  } catch (error) {
    await db.close().catch(() => {});
    throw new StartupError(`cannot migrate the database: ${error instanceof Error ? error.message : String(error)}`);
  }
  const services = { db: db.prisma, changes: createChangeFeed(), clock, defaultCurrency: env.DEFAULT_CURRENCY };
  const jobs = await startJobs({ env, log, services, runJobs: true, deliverMail: true, queuedMail: db.queuedMail, tuning }).catch(async (error: unknown) => {
    await db.close().catch(() => {});
    throw new StartupError(`cannot start the jobs: ${error instanceof Error ? error.message : String(error)}`);
  });
  const scheduler = jobs.scheduler!;
  let stopping: Promise<void> | undefined;
  return {
    db,
    scheduler,
    stop: (graceMs = jobsGraceMs) =>
      (stopping ??= (async () => {
        await jobs.stop(graceMs);
        // A run handed back while stuck in a statement still holds a connection, which closing would wait for.
        await Promise.race([db.close(), new Promise((done) => setTimeout(done, scheduler.inHand() > 0 ? 1_000 : 30_000))]);
      })()),
  };
}
