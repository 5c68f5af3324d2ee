// What a process does besides answering calls: runs scheduled and requested
// jobs, and delivers the outbox. Without REDIS_URL each process looks for work
// in the database by itself (this is how the embedded database runs them);
// with it, BullMQ on that Redis tells the processes when and what (queues.ts).
import { resolve } from "node:path";
import { createMailDelivery, createMailTransport, createScheduler, type Scheduler, type SchedulerOptions, type Services } from "@park/api";
import type { Database } from "@park/db";
import type { Env } from "./env.ts";
import type { AppLogger } from "./logger.ts";
import { startQueueEngine, type QueueEngine } from "./queues.ts";

/** Longest wait for job runs under way before they are handed back to another process. */
export const jobsGraceMs = 20_000;

export interface JobsOptions {
  env: Env;
  log: AppLogger;
  services: Services;
  /** Whether this process runs jobs (default: RUN_JOBS). */
  runJobs?: boolean;
  /** Whether this process delivers the outbox (default: RUN_JOBS). */
  deliverMail?: boolean;
  /** Where this process hears of mail queued by any process, to send it at once rather than at its next look. */
  queuedMail?: Database["queuedMail"] | undefined;
  /** Tuning of the scheduler (ticks, leases, the jobs themselves); the defaults suit production. */
  tuning?: Pick<SchedulerOptions, "tickMs" | "leaseMs" | "retryDelayMs" | "jobs">;
}

export interface RunningJobs {
  scheduler: Scheduler | undefined;
  /** Takes no more work; runs in hand finish within `graceMs` or are handed back; the message in hand finishes. */
  stop(graceMs?: number): Promise<void>;
}

/** The domain of the sender's address, which names Message-IDs too. */
function mailDomain(from: string): string {
  return /@([^\s<>@]+)>?\s*$/.exec(from)?.[1] ?? "park.local";
}

export async function startJobs({
  env,
  log,
  services,
  runJobs = env.RUN_JOBS,
  deliverMail = env.RUN_JOBS,
  queuedMail,
  tuning,
}: JobsOptions): Promise<RunningJobs> {
  const scheduler = runJobs ? createScheduler({ services, log, timezone: env.SCHEDULE_TIMEZONE, ...tuning }) : undefined;
  const transport = deliverMail
    ? createMailTransport({ smtpUrl: env.SMTP_URL, dataDir: resolve(env.DATA_DIR), from: env.MAIL_FROM, messageIdDomain: mailDomain(env.MAIL_FROM) })
    : undefined;
  const delivery = transport
    ? createMailDelivery({ db: services.db, transport, clock: services.clock, log, leaseMs: env.MAIL_LEASE_SECONDS * 1_000 })
    : undefined;

  let engine: QueueEngine | undefined;
  let stopForwarding: (() => void) | undefined;
  if (env.REDIS_URL) {
    engine = await startQueueEngine({ redisUrl: env.REDIS_URL, prefix: env.REDIS_PREFIX, log, scheduler, delivery, timezone: env.SCHEDULE_TIMEZONE });
    // A run an admin asks for through this process goes to whichever worker BullMQ gives it to.
    const forward = engine;
    stopForwarding = services.changes.onJobRequested(() => {
      forward.requestRun().catch((error: unknown) => log.warn({ err: error }, "could not ask the workers for a job run; the next sweep will find it"));
    });
  } else {
    scheduler?.start();
    delivery?.start();
  }
  if (transport) log.info({ to: transport.description, engine: engine ? "bullmq" : "database" }, "mail delivery started");
  // Listening (again) may have missed some: looking then costs one query.
  const mailQueued = engine ? engine.handOutMail : () => delivery?.wake();
  const mailListener =
    delivery && queuedMail
      ? queuedMail.listen({
          queued: mailQueued,
          listening: mailQueued,
          interrupted: (error) => log.warn({ err: error }, "not hearing of queued mail for now; delivery looks for it every second meanwhile"),
        })
      : undefined;

  let stopping: Promise<void> | undefined;
  return {
    scheduler,
    stop: (graceMs = jobsGraceMs) =>
      (stopping ??= (async () => {
        stopForwarding?.();
        // Runs and messages in hand finish (or are handed back) first; BullMQ jobs that arrive meanwhile
        // find nothing to do. Then the engine closes, at once if Redis is slow to answer.
        await Promise.all([mailListener?.close(), scheduler?.stop(graceMs), delivery?.stop()]);
        await engine?.stop(2_000);
        await transport?.close();
      })()),
  };
}
