// Delivers the outbox, at least once, from any number of processes sharing
// one database. A process claims due messages with FOR UPDATE SKIP LOCKED and
// leases them (locked_until); the claim counts an attempt, and that count
// fences every later write, so a process that outlived its lease cannot
// overwrite what the next holder did. A process that dies mid-delivery leaves
// its lease to run out: the message is claimed again and sent with the same
// Message-ID. Failures come back after an exponential, jittered delay; the
// last attempt, or a refusal for good, leaves the message dead.
import { Prisma, type Db } from "@park/db";
import { systemClock, type Clock } from "../../shared/clock.ts";
import { composeMail, UnsendableMail, type OutboxEntry } from "./compose.ts";
import type { FormatOptions } from "./render.ts";
import { isPermanentFailure, type MailTransport } from "./transport.ts";

export interface DeliveryLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface MailDeliveryOptions {
  db: Db;
  transport: MailTransport;
  clock?: Clock;
  log?: DeliveryLog;
  /** Messages one claim takes (default 10). */
  batchSize?: number;
  /** Messages of a claim sent at once (default 4). */
  concurrency?: number;
  /** How long a claim keeps its messages from other processes (default 2 minutes). */
  leaseMs?: number;
  /** Attempts before a message is dead (default 8). */
  maxAttempts?: number;
  /** The delay after the first failed attempt, doubled after each further one up to `maxMs` (default 30 s and 1 h). */
  backoff?: { baseMs: number; maxMs: number };
  /** How long an idle loop waits before looking again (default 1 s). */
  pollMs?: number;
  /**
   * How long `stop` waits for the round under way (default 5 s). A round stuck on a database
   * that went away is left behind: its lease runs out and another process sends its message.
   */
  stopGraceMs?: number;
  /** A number in [0, 1) for the jitter (default Math.random). */
  random?: () => number;
  format?: FormatOptions;
}

export interface DeliveryRound {
  claimed: number;
  sent: number;
  /** Failed, to be tried again later. */
  retried: number;
  dead: number;
  /** Claimed but handed back untried (stopping, or the lease half spent). */
  released: number;
}

export interface MailDelivery {
  /** Runs the loop in the background until `stop`. */
  start(): void;
  /**
   * Mail was queued: the loop looks for it now rather than after its pause, and if
   * it is in the middle of a round, looks again as soon as the round ends.
   */
  wake(): void;
  /** Ends the loop: the message being sent finishes (within the grace period), the rest of its claim is handed back. */
  stop(): Promise<void>;
  /** One claim and its deliveries, in the caller's time. */
  runOnce(): Promise<DeliveryRound>;
  /**
   * Claims and sends one message, if it is still due and no one holds it: for an engine that hands
   * messages out one by one (BullMQ). "skipped" means there was nothing to do.
   */
  deliverOne(id: string): Promise<"sent" | "retried" | "dead" | "skipped">;
  /** Due messages no one holds, oldest first, with the attempts made so far. */
  due(limit: number): Promise<{ id: string; attempts: number }[]>;
}

export interface ClaimedMessage extends OutboxEntry {
  /** This claim's attempt, which fences its writes. */
  attempts: number;
  createdAt: Date;
}

/** Pending, at or past its run time, and not leased (or leased by a claim that ran out). */
const isDue = (now: Date) => Prisma.sql`status = 'pending' AND run_at <= ${now}::timestamptz AND (locked_until IS NULL OR locked_until <= ${now}::timestamptz)`;

/**
 * Leases up to `limit` due messages, or the one named by `id` if it is due.
 * Rows another transaction is claiming are skipped, not waited for.
 */
export function claimDue(db: Pick<Db, "$queryRaw">, options: { now: Date; leaseMs: number; limit: number; id?: string }): Promise<ClaimedMessage[]> {
  const leaseEnd = new Date(options.now.getTime() + options.leaseMs);
  return db.$queryRaw<ClaimedMessage[]>`
    UPDATE outbox o SET locked_until = ${leaseEnd}::timestamptz, attempts = o.attempts + 1
    FROM (SELECT id FROM outbox
          WHERE ${isDue(options.now)} ${options.id === undefined ? Prisma.empty : Prisma.sql`AND id = ${options.id}::uuid`}
          ORDER BY run_at, id
          LIMIT ${options.limit}
          FOR UPDATE SKIP LOCKED) due
    WHERE o.id = due.id
    RETURNING o.id, o.kind, o.user_id AS "userId", o.recipient, o.payload, o.attempts, o.created_at AS "createdAt"`;
}

/** The delay before attempt `attempts + 1`: half of the doubled delay fixed, half random. */
export function retryDelay(attempts: number, backoff: { baseMs: number; maxMs: number }, random: () => number): number {
  const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

const maxErrorLength = 1_000;

function describeError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.length > maxErrorLength ? `${text.slice(0, maxErrorLength - 1)}…` : text;
}

export function createMailDelivery(options: MailDeliveryOptions): MailDelivery {
  const { db, transport } = options;
  const clock = options.clock ?? systemClock;
  const log = options.log;
  const batchSize = options.batchSize ?? 10;
  const concurrency = options.concurrency ?? 4;
  const leaseMs = options.leaseMs ?? 120_000;
  const maxAttempts = options.maxAttempts ?? 8;
  const backoff = options.backoff ?? { baseMs: 30_000, maxMs: 3_600_000 };
  const pollMs = options.pollMs ?? 1_000;
  const random = options.random ?? Math.random;
  const stopGraceMs = options.stopGraceMs ?? 5_000;

  let stopping = false;
  let loop: Promise<void> | undefined;
  let endPause: (() => void) | undefined;
  // Set by a wake that came while a round was under way, whose claim may have been taken before the mail was queued.
  let wokenDuringRound = false;

  // Every write names the claim's attempt: a claim that lost its lease to another changes nothing.
  const fenced = (message: ClaimedMessage) => ({ id: message.id, status: "pending" as const, attempts: message.attempts });

  async function release(message: ClaimedMessage): Promise<void> {
    await db.outboxMessage.updateMany({ where: fenced(message), data: { lockedUntil: null, attempts: { decrement: 1 } } });
  }

  async function deliver(message: ClaimedMessage): Promise<"sent" | "retried" | "dead"> {
    try {
      const mail = await composeMail({ db, clock, format: options.format }, message);
      await transport.send({ ...mail, id: message.id, to: message.recipient, createdAt: message.createdAt });
    } catch (error) {
      const permanent = error instanceof UnsendableMail || isPermanentFailure(error);
      const dead = permanent || message.attempts >= maxAttempts;
      const now = clock.now();
      await db.outboxMessage.updateMany({
        where: fenced(message),
        data: {
          status: dead ? "dead" : "pending",
          lockedUntil: null,
          lastError: describeError(error),
          ...(dead ? {} : { runAt: new Date(now.getTime() + retryDelay(message.attempts, backoff, random)) }),
        },
      });
      const fields = { outboxId: message.id, kind: message.kind, attempts: message.attempts, err: describeError(error) };
      if (dead) log?.warn(fields, permanent ? "mail refused for good: dead" : "mail out of attempts: dead");
      else log?.info(fields, "mail delivery failed; will retry");
      return dead ? "dead" : "retried";
    }
    await db.outboxMessage.updateMany({ where: fenced(message), data: { status: "sent", sentAt: clock.now(), lockedUntil: null } });
    return "sent";
  }

  async function runOnce(): Promise<DeliveryRound> {
    const claimedAt = clock.now();
    const claimed = await claimDue(db, { now: claimedAt, leaseMs, limit: batchSize });
    const round: DeliveryRound = { claimed: claimed.length, sent: 0, retried: 0, dead: 0, released: 0 };
    const queue = [...claimed];
    // A few at a time: composing one message reads the database while another is on the wire.
    const sender = async () => {
      for (let message = queue.shift(); message; message = queue.shift()) {
        // Past half the lease, the rest goes back rather than risk being sent by two processes.
        if (stopping || clock.now().getTime() - claimedAt.getTime() > leaseMs / 2) {
          await release(message);
          round.released++;
          continue;
        }
        round[await deliver(message)]++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, sender));
    return round;
  }

  async function run(): Promise<void> {
    // Rounds that failed in a row (the database unreachable, say): each waits twice as long, up to a minute.
    let failures = 0;
    while (!stopping) {
      let full = false;
      wokenDuringRound = false;
      try {
        full = (await runOnce()).claimed === batchSize;
        failures = 0;
      } catch (error) {
        failures++;
        log?.warn({ err: describeError(error), failures }, "mail delivery round failed");
      }
      if ((full && failures === 0) || stopping) continue;
      if (wokenDuringRound && failures === 0) continue;
      const pause = Math.min(60_000, pollMs * 2 ** failures);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pause);
        endPause = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      endPause = undefined;
    }
  }

  async function deliverOne(id: string): Promise<"sent" | "retried" | "dead" | "skipped"> {
    if (stopping) return "skipped";
    const [message] = await claimDue(db, { now: clock.now(), leaseMs, limit: 1, id });
    return message ? deliver(message) : "skipped";
  }

  const due = (limit: number) =>
    db.$queryRaw<{ id: string; attempts: number }[]>`
      SELECT id::text, attempts FROM outbox WHERE ${isDue(clock.now())} ORDER BY run_at, id LIMIT ${limit}`;

  return {
    deliverOne,
    due,
    start: () => {
      if (loop) return;
      stopping = false;
      loop = run();
    },
    wake: () => {
      if (endPause) endPause();
      else wokenDuringRound = true;
    },
    stop: async () => {
      stopping = true;
      endPause?.();
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<"late">((resolve) => (timer = setTimeout(resolve, stopGraceMs, "late")));
      const outcome = await Promise.race([loop, late]).finally(() => clearTimeout(timer));
      if (outcome === "late") log?.warn({ graceMs: stopGraceMs }, "mail delivery did not finish its round in time; its lease will hand it on");
      loop = undefined;
    },
    runOnce,
  };
}
