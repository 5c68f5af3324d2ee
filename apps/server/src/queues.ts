// With REDIS_URL, BullMQ carries the work between processes: a job scheduler
// fires each cron entry at its due time (and a sweep every few seconds picks
// up retries, runs an admin asked for and runs a dead process left), and the
// outbox is handed out message by message to whichever worker is free. The
// database still decides what happens: a due time runs in the process whose
// insert of its run row succeeds, and a message is sent by the process that
// holds its lease. So a BullMQ job that arrives twice, or late, does nothing
// twice, and nothing is lost if Redis forgets a job: the next sweep finds the
// work again in the database.
import type { ConnectionOptions, Queue, Worker } from "bullmq";
import type { MailDelivery, Scheduler } from "@park/api";
import type { AppLogger } from "./logger.ts";

const scheduleQueueName = "schedule";
const mailQueueName = "mail";
/** Ids of the job schedulers made from cron entries start with this; others are the engine's own. */
const cronPrefix = "cron.";

export interface QueueEngineOptions {
  redisUrl: string;
  /** Keeps the queues of one deployment apart from any other on the same Redis. */
  prefix: string;
  log: AppLogger;
  /** Runs jobs when BullMQ says so; absent in a process that only asks for runs. */
  scheduler?: Scheduler | undefined;
  /** IANA zone of the cron entries. */
  timezone: string;
  /** Sends the messages BullMQ hands this process; absent in a process that sends none. */
  delivery?: MailDelivery | undefined;
  /** How often the whole cluster looks for runs no schedule fired (default 5 s). */
  sweepMs?: number;
  /** How often the whole cluster looks for due messages (default 1 s). */
  outboxMs?: number;
  /** Messages one process sends at once (default 4). */
  mailConcurrency?: number;
}

export interface QueueEngine {
  /** Asks some worker to look for runs now: an admin asked for one. */
  requestRun(): Promise<void>;
  /**
   * Mail was queued: hands the due messages out to the workers now, rather than at
   * the next look of the whole cluster. Calls during a hand-out make one more after it.
   */
  handOutMail(): void;
  /**
   * Takes no more BullMQ jobs, waits up to `waitMs` for those in hand, then
   * closes the connections (at once if Redis is gone: nothing would answer).
   */
  stop(waitMs: number): Promise<void>;
}

/** Redis connection options for BullMQ; workers wait on blocking commands, which must never time out. */
export function bullConnection(redisUrl: string): ConnectionOptions {
  return { url: redisUrl, maxRetriesPerRequest: null };
}

/** Resolves true if `promise` settles within `ms`, false otherwise. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(resolve, ms, false)));
  return Promise.race([promise.then(() => true as const), late]).finally(() => clearTimeout(timer));
}

/**
 * Starts the engine. Its schedules are written and its workers started as
 * soon as Redis answers: a process started while Redis is down serves calls
 * meanwhile, and its jobs begin when Redis is back.
 */
export async function startQueueEngine(options: QueueEngineOptions): Promise<QueueEngine> {
  // BullMQ (and ioredis with it) is loaded only here, so that a process without REDIS_URL starts without them.
  const { Queue, Worker } = await import("bullmq");
  const { prefix, log, scheduler, delivery } = options;
  const connection = bullConnection(options.redisUrl);
  // Finished jobs are kept briefly for inspection, never piling up.
  const defaultJobOptions = { removeOnComplete: { count: 200 }, removeOnFail: { count: 200 } };
  const scheduleQueue = new Queue(scheduleQueueName, { connection, prefix, defaultJobOptions });
  const mailQueue = new Queue(mailQueueName, { connection, prefix, defaultJobOptions });
  const workers: Worker[] = [];
  const watch = (worker: Worker) => {
    worker.on("error", (error) => log.warn({ err: error, queue: worker.name }, "queue worker error"));
    worker.on("failed", (job, error) => log.warn({ err: error, queue: worker.name, job: job?.name }, "queue job failed"));
    workers.push(worker);
  };

  let stopped = false;
  // One job per message and attempt: a message already waiting is not added twice.
  const handOut = async (delivery: MailDelivery) => {
    const due = await delivery.due(500);
    await mailQueue.addBulk(due.map((m) => ({ name: "deliver", data: { id: m.id }, opts: { jobId: `${m.id}.${m.attempts}` } })));
    return due.length;
  };
  let handingOut: Promise<void> | undefined;
  let handOutAgain = false;
  const handOutMail = () => {
    if (!delivery || stopped) return;
    if (handingOut) {
      handOutAgain = true;
      return;
    }
    handingOut = (async () => {
      do {
        handOutAgain = false;
        await handOut(delivery).catch((error: unknown) => log.warn({ err: error }, "could not hand out queued mail; the next look will"));
      } while (handOutAgain && !stopped);
      handingOut = undefined;
    })();
  };
  const writeSchedules = async () => {
    if (scheduler) await syncSchedules(scheduleQueue, scheduler, options.timezone, options.sweepMs ?? 5_000);
    if (delivery) await mailQueue.upsertJobScheduler("outbox", { every: options.outboxMs ?? 1_000 }, { name: "outbox" });
  };
  const setUp = (async () => {
    await writeSchedules();
    if (stopped) return;
    if (scheduler) {
      // Two at a time, so that a long run does not hold back the next schedule's tick in this process.
      watch(new Worker(scheduleQueueName, () => scheduler.tick(), { connection, prefix, concurrency: 2 }));
    }
    if (delivery) {
      const mailWorker = new Worker<{ id?: string }>(
        mailQueueName,
        async (job) => {
          if (job.name === "deliver" && job.data.id) return delivery.deliverOne(job.data.id);
          if (job.name !== "outbox") return "skipped";
          return `${await handOut(delivery)} due`;
        },
        { connection, prefix, concurrency: options.mailConcurrency ?? 4 },
      );
      watch(mailWorker);
    }
    log.info({ prefix, schedules: scheduler?.schedules.length ?? 0, mail: Boolean(delivery) }, "queue engine started (BullMQ)");
  })().catch((error: unknown) => log.error({ err: error }, "queue engine could not start"));
  // A Redis restarted without persistence has forgotten the schedules: each process writes them again
  // every minute, which changes nothing while they are there.
  const rewrite = setInterval(() => {
    writeSchedules().catch((error: unknown) => log.warn({ err: error }, "could not write the queue schedules; trying again in a minute"));
  }, 60_000);
  rewrite.unref();

  let stopping: Promise<void> | undefined;
  return {
    requestRun: async () => {
      await scheduleQueue.add("requested", {});
    },
    handOutMail,
    stop: (waitMs) =>
      (stopping ??= (async () => {
        stopped = true;
        clearInterval(rewrite);
        const deadline = Date.now() + waitMs;
        const left = () => Math.max(0, deadline - Date.now());
        // Workers created after this would never be closed: let the set-up finish (or give up) first.
        await settlesWithin(setUp, left());
        if (!(await settlesWithin(Promise.allSettled(workers.map((w) => w.close())), left()))) {
          await settlesWithin(Promise.allSettled(workers.map((w) => w.close(true))), 1_000);
        }
        if (handingOut) await settlesWithin(handingOut, Math.max(left(), 1_000));
        if (!(await settlesWithin(Promise.allSettled([scheduleQueue.close(), mailQueue.close()]), Math.max(left(), 1_000)))) {
          await Promise.allSettled([scheduleQueue.disconnect(), mailQueue.disconnect()]);
        }
      })()),
  };
}

/** One BullMQ job scheduler per cron entry and one for the sweep; entries no longer defined are removed. */
async function syncSchedules(queue: Queue, scheduler: Scheduler, timezone: string, sweepMs: number): Promise<void> {
  const wanted = new Set(scheduler.schedules.map((s) => cronPrefix + s.job));
  for (const { job, cron } of scheduler.schedules) {
    await queue.upsertJobScheduler(cronPrefix + job, { pattern: cron, tz: timezone }, { name: job });
  }
  await queue.upsertJobScheduler("sweep", { every: sweepMs }, { name: "sweep" });
  for (const existing of await queue.getJobSchedulers()) {
    const id = existing.key;
    if (id.startsWith(cronPrefix) && !wanted.has(id)) await queue.removeJobScheduler(id);
  }
}
