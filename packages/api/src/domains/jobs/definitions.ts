import type { Prisma } from "@park/db";
import type { Logger } from "../../context.ts";
import type { Services } from "../../shared/services.ts";
import { enqueue } from "../notifications/enqueue.ts";
import type { NotificationKind, NotificationPayload } from "../notifications/kinds.ts";
import { maintainBookings } from "../reservations/service.ts";
import { previousDay, previousMonth } from "./calendar.ts";
import { jobNames, type JobName } from "./names.ts";
import { activeUsersSql, remindInactiveSql, type Recipient } from "./sql.ts";

/** What a job body is given. */
export interface JobContext {
  services: Services;
  log: Logger;
  /** The run's reference time: its due time, or when an admin asked for it. */
  at: Date;
  /** The zone schedules and report periods are reckoned in. */
  timezone: string;
  /** The admin who asked for the run; null for scheduled runs. */
  requestedBy: string | null;
  /** Aborted when the process stops before the body is done: stop between steps. */
  signal: AbortSignal;
}

export interface JobDefinition {
  name: JobName;
  /** When it runs by itself, as a cron expression in the schedule timezone; none: only when an admin asks. */
  cron?: string;
  /** Whether an admin may run it now (`admin.jobs.run`). */
  manual: boolean;
  /**
   * Runs of a frequent job are forgotten this long after their due time, so
   * that the table does not grow by thousands a day.
   */
  keepRunsMs?: number;
  /**
   * The body. `tx` is the transaction that also marks the run succeeded: its
   * messages exist exactly when the run is recorded as done, and a run cut
   * short leaves nothing behind for its retry to repeat. Bodies that are safe
   * to repeat and too long for one transaction set `inTransaction: false` and
   * get the client itself.
   */
  run(tx: Prisma.TransactionClient, context: JobContext): Promise<void>;
  inTransaction: boolean;
}

/** How long a driver may go without parking or booking before a reminder, and between two reminders. */
export const inactivityDays = 7;

const activeAdmins = (tx: Prisma.TransactionClient): Promise<Recipient[]> =>
  tx.user.findMany({ where: { role: "admin", disabled: false }, select: { id: true, email: true }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });

async function enqueueEach<K extends NotificationKind>(
  tx: Prisma.TransactionClient,
  signal: AbortSignal,
  recipients: readonly Recipient[],
  kind: K,
  payload: NotificationPayload<K> & Record<string, unknown>,
) {
  for (const recipient of recipients) {
    signal.throwIfAborted();
    await enqueue(tx, { kind, userId: recipient.id, recipient: recipient.email, payload });
  }
}

/** Every job, by name: the type makes sure each name has one. */
export const jobDefinitions: { readonly [Name in JobName]: JobDefinition & { name: Name } } = {
  dailyReminders: {
    name: "dailyReminders",
    cron: "0 18 * * *",
    manual: true,
    inTransaction: true,
    run: async (tx, { at, signal }) => {
      const inactive = await tx.$queryRaw<Recipient[]>(remindInactiveSql(at, inactivityDays));
      await enqueueEach(tx, signal, inactive, "reminder.inactive", { inactiveDays: inactivityDays });
    },
  },
  dailyAdminReport: {
    name: "dailyAdminReport",
    cron: "0 8 * * *",
    manual: true,
    inTransaction: true,
    run: async (tx, { at, timezone, signal }) => {
      const day = previousDay(at, timezone);
      await enqueueEach(tx, signal, await activeAdmins(tx), "report.daily", { from: day.from, to: day.to });
    },
  },
  monthlyReport: {
    name: "monthlyReport",
    cron: "0 0 1 * *",
    manual: true,
    inTransaction: true,
    run: async (tx, { at, timezone, signal }) => {
      const month = previousMonth(at, timezone);
      const period = { from: month.from, to: month.to };
      await enqueueEach(tx, signal, await activeAdmins(tx), "report.monthly", period);
      await enqueueEach(tx, signal, await tx.$queryRaw<Recipient[]>(activeUsersSql(month.start, month.end)), "report.personal", { ...period, timezone });
    },
  },
  exportAll: {
    name: "exportAll",
    manual: true,
    inTransaction: true,
    run: async (tx, { requestedBy, signal }) => {
      if (!requestedBy) throw new Error("an export goes to the admin who asked for it, and nobody did");
      const admin = await tx.user.findUniqueOrThrow({ where: { id: requestedBy }, select: { id: true, email: true } });
      await enqueueEach(tx, signal, [admin], "export.all", {});
    },
  },
  bookingUpkeep: {
    // Expires reservations never checked into once their end has passed (reads show them
    // expired from that instant anyway), moves bookings an occupant would block, and lets
    // occupants claim what that freed. Every 30 s keeps moves well inside the relocation lead.
    name: "bookingUpkeep",
    cron: "*/30 * * * * *",
    manual: false,
    inTransaction: false,
    keepRunsMs: 86_400_000,
    run: async (_db, { services, log }) => {
      const done = await maintainBookings(services);
      if (done.expired > 0 || done.moved > 0 || done.atRisk > 0) log.info(done, "bookings maintained");
    },
  },
};

export const allJobs: readonly JobDefinition[] = jobNames.map((name) => jobDefinitions[name]);
