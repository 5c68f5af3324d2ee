// Composes the mail of one outbox row: reads what it tells about from the
// database, by the ids in its payload (one or two queries per message, a
// report's own statement for reports), and writes it in the lot's timezone
// and the money's currency.
import type { Db } from "@park/db";
import type { Clock } from "../../shared/clock.ts";
import { allDataFiles, historyFile, type CsvFile } from "../exports/service.ts";
import { reportSummary } from "../reports/service.ts";
import { isNotificationKind, notificationPayloads, type NotificationKind } from "./kinds.ts";
import {
  formatDay,
  formatDuration,
  formatMoney,
  formatPercent,
  formatTime,
  renderMail,
  type FormatOptions,
  type MailDocument,
  type MailTable,
  type RenderedMail,
} from "./render.ts";

/** What composing needs of an outbox row. */
export interface OutboxEntry {
  id: string;
  kind: string;
  userId: string | null;
  recipient: string;
  payload: unknown;
}

/** A message that can never be composed (unknown kind, bad payload, its record gone): retrying will not help. */
export class UnsendableMail extends Error {
  override name = "UnsendableMail";
}

export interface ComposeContext {
  db: Db;
  clock: Clock;
  format?: FormatOptions;
}

type Payload<K extends NotificationKind> = ReturnType<(typeof notificationPayloads)[K]["parse"]>;
type Composer<K extends NotificationKind> = (context: ComposeContext, entry: OutboxEntry, payload: Payload<K>) => Promise<MailDocument>;

export async function composeMail(context: ComposeContext, entry: OutboxEntry): Promise<RenderedMail> {
  if (!isNotificationKind(entry.kind)) throw new UnsendableMail(`Unknown notification kind "${entry.kind}"`);
  const parsed = notificationPayloads[entry.kind].safeParse(entry.payload);
  if (!parsed.success) throw new UnsendableMail(`Payload of a ${entry.kind} message is invalid: ${parsed.error.issues[0]?.message ?? "unknown"}`);
  const compose = composers[entry.kind] as Composer<typeof entry.kind>;
  return renderMail(await compose(context, entry, parsed.data as never));
}

const composers: { [K in NotificationKind]: Composer<K> } = {
  "reservation.confirmed": async (context, _entry, { reservationId }) => {
    const r = await loadReservation(context.db, reservationId);
    const when = formatTime(r.startsAt, r.lot.timezone, context.format);
    return {
      subject: `Reservation confirmed: ${r.lot.name}, ${when}`,
      heading: "Your reservation is confirmed",
      greeting: `Hello ${r.user.username},`,
      paragraphs: [`Spot ${r.spot.label} at ${r.lot.name} is yours for the whole window below.`],
      facts: reservationFacts(r, context.format),
      closing: ["You can check in from 15 minutes before the start. Cancel before the start if your plans change."],
    };
  },
  "reservation.cancelled": async (context, _entry, { reservationId }) => {
    const r = await loadReservation(context.db, reservationId);
    const when = formatTime(r.startsAt, r.lot.timezone, context.format);
    return {
      subject: `Reservation cancelled: ${r.lot.name}, ${when}`,
      heading: "Your reservation is cancelled",
      greeting: `Hello ${r.user.username},`,
      paragraphs: [`Your reservation at ${r.lot.name} is cancelled; nothing will be charged for it.`],
      facts: reservationFacts(r, context.format),
    };
  },
  "reservation.moved": async (context, _entry, payload) => {
    const [r, from] = await Promise.all([
      loadReservation(context.db, payload.reservationId),
      context.db.spot.findUnique({ where: { id: payload.fromSpotId }, select: { label: true } }),
    ]);
    const why = payload.reason === "occupied" ? "the car on it has not left in time" : "it is out of service";
    return {
      subject: `Your reservation at ${r.lot.name} moved to spot ${r.spot.label}`,
      heading: "Your reservation has a new spot",
      greeting: `Hello ${r.user.username},`,
      paragraphs: [
        `Your reserved spot${from ? ` ${from.label}` : ""} cannot be used because ${why}, so we moved your reservation to spot ${r.spot.label}. The time and the price stay the same.`,
      ],
      facts: reservationFacts(r, context.format),
    };
  },
  "session.receipt": async (context, _entry, { sessionId }) => {
    const s = await context.db.parkingSession.findUnique({
      where: { id: sessionId },
      relationLoadStrategy: "join",
      select: {
        plate: true,
        startedAt: true,
        endedAt: true,
        amountCents: true,
        currency: true,
        paymentStatus: true,
        lot: { select: { name: true, address: true, city: true, timezone: true } },
        spot: { select: { label: true, level: { select: { name: true } }, row: { select: { name: true } } } },
        reservation: { select: { amountCents: true, endsAt: true } },
        user: { select: { username: true } },
        payments: { select: { method: true, createdAt: true } },
      },
    });
    if (!s) throw new UnsendableMail(`Session ${sessionId} no longer exists`);
    if (!s.endedAt || s.amountCents === null) throw new UnsendableMail(`Session ${sessionId} has not ended`);
    const tz = s.lot.timezone;
    const amount = formatMoney(s.amountCents, s.currency, context.format);
    const facts: [string, string][] = [
      ["Lot", `${s.lot.name}, ${s.lot.address}, ${s.lot.city}`],
      ["Spot", place(s.spot)],
      ["Vehicle", s.plate],
      ["Arrived", formatTime(s.startedAt, tz, context.format)],
      ["Left", formatTime(s.endedAt, tz, context.format)],
      ["Stay", formatDuration((s.endedAt.getTime() - s.startedAt.getTime()) / 60_000)],
    ];
    if (s.reservation) facts.push(["Reserved", formatMoney(s.reservation.amountCents, s.currency, context.format)]);
    facts.push(["Total", amount], ["Payment", paymentLine(s.paymentStatus, s.payments[0]?.method)]);
    return {
      subject: `Receipt: ${s.lot.name}, ${amount}`,
      heading: `Your receipt from ${s.lot.name}`,
      greeting: s.user ? `Hello ${s.user.username},` : undefined,
      paragraphs: ["Thank you for parking with us. Here is what your stay came to."],
      facts,
    };
  },
  "reminder.inactive": async (context, entry, { inactiveDays }) => {
    const user = entry.userId ? await context.db.user.findUnique({ where: { id: entry.userId }, select: { username: true } }) : null;
    return {
      subject: "Need a parking spot? Park is ready when you are",
      heading: "We have not seen you for a while",
      greeting: user ? `Hello ${user.username},` : undefined,
      paragraphs: [
        `It has been ${inactiveDays} days since you last parked or booked with Park.`,
        "Your account and vehicles are still there: reserve a spot ahead, or just drive in and park.",
      ],
    };
  },
  "report.daily": (context, entry, range) => lotsReport(context, entry, range, "daily"),
  "report.monthly": (context, entry, range) => lotsReport(context, entry, range, "monthly"),
  "report.personal": async (context, entry, { from, to, timezone }) => {
    if (!entry.userId) throw new UnsendableMail("A personal report needs its user");
    const [row] = await context.db.$queryRaw<PersonalMonth[]>`
      WITH bounds AS (
        SELECT (${from}::date)::timestamp AT TIME ZONE ${timezone} AS lo, ((${to}::date) + 1)::timestamp AT TIME ZONE ${timezone} AS hi)
      SELECT u.username,
             (SELECT count(*)::int FROM reservations r WHERE r.user_id = u.id AND r.starts_at >= b.lo AND r.starts_at < b.hi) AS reservations,
             (SELECT count(*)::int FROM sessions s WHERE s.user_id = u.id AND s.ended_at >= b.lo AND s.ended_at < b.hi) AS sessions,
             (SELECT COALESCE(sum(EXTRACT(EPOCH FROM s.ended_at - s.started_at)), 0)::float8 / 60 FROM sessions s
               WHERE s.user_id = u.id AND s.ended_at >= b.lo AND s.ended_at < b.hi) AS "stayMinutes",
             (SELECT COALESCE(json_agg(json_build_object('currency', p.currency, 'cents', p.cents) ORDER BY p.currency), '[]'::json)
                FROM (SELECT currency, sum(amount_cents)::bigint AS cents FROM payments
                       WHERE user_id = u.id AND created_at >= b.lo AND created_at < b.hi GROUP BY currency) p) AS spent
      FROM users u, bounds b WHERE u.id = ${entry.userId}::uuid`;
    if (!row) throw new UnsendableMail(`User ${entry.userId} no longer exists`);
    const spent = row.spent.map((m) => formatMoney(Number(m.cents), m.currency.trim(), context.format));
    return {
      subject: `Your Park summary, ${formatDay(from, context.format)} to ${formatDay(to, context.format)}`,
      heading: "Your parking, in short",
      greeting: `Hello ${row.username},`,
      paragraphs: [`Here is what you did with Park from ${formatDay(from, context.format)} to ${formatDay(to, context.format)}.`],
      facts: [
        ["Reservations", String(row.reservations)],
        ["Stays", String(row.sessions)],
        ["Time parked", formatDuration(row.stayMinutes)],
        ["Paid", spent.length > 0 ? spent.join(", ") : formatMoney(0, "USD", context.format)],
      ],
    };
  },
  "export.history": async (context, entry) => {
    if (!entry.userId) throw new UnsendableMail("A history export names no user");
    return exportMail(context, entry, [historyFile(context, entry.userId)], "Your Park history", "Your reservations and sessions are attached.");
  },
  "export.all": async (context, entry) =>
    exportMail(context, entry, allDataFiles(context), "Park data export", "The export you asked for is attached: users, lots, reservations and sessions."),
};

interface PersonalMonth {
  username: string;
  reservations: number;
  sessions: number;
  stayMinutes: number;
  spent: { currency: string; cents: number | string }[];
}

async function loadReservation(db: Db, id: string) {
  const reservation = await db.reservation.findUnique({
    where: { id },
    relationLoadStrategy: "join",
    select: {
      startsAt: true,
      endsAt: true,
      amountCents: true,
      currency: true,
      lot: { select: { name: true, address: true, city: true, timezone: true } },
      spot: { select: { label: true, level: { select: { name: true } }, row: { select: { name: true } } } },
      vehicle: { select: { plate: true } },
      user: { select: { username: true } },
    },
  });
  if (!reservation) throw new UnsendableMail(`Reservation ${id} no longer exists`);
  return reservation;
}

type LoadedReservation = Awaited<ReturnType<typeof loadReservation>>;

function place(spot: { label: string; level: { name: string }; row: { name: string } }) {
  return `${spot.label} (${spot.level.name} / ${spot.row.name})`;
}

function reservationFacts(r: LoadedReservation, format?: FormatOptions): [string, string][] {
  return [
    ["Lot", `${r.lot.name}, ${r.lot.address}, ${r.lot.city}`],
    ["Spot", place(r.spot)],
    ["Vehicle", r.vehicle.plate],
    ["From", formatTime(r.startsAt, r.lot.timezone, format)],
    ["Until", formatTime(r.endsAt, r.lot.timezone, format)],
    ["Price", formatMoney(r.amountCents, r.currency, format)],
  ];
}

function paymentLine(status: "unpaid" | "paid" | "waived", method: string | undefined) {
  if (status === "waived") return "Nothing to pay (within the grace period)";
  if (status === "paid") return `Paid${method ? ` by ${method}` : ""}`;
  return "Due: pay in the app or at the exit";
}

async function lotsReport(
  context: ComposeContext,
  entry: OutboxEntry,
  range: { from: string; to: string },
  period: "daily" | "monthly",
): Promise<MailDocument> {
  const [summary, user] = await Promise.all([
    reportSummary(context, range),
    entry.userId ? context.db.user.findUnique({ where: { id: entry.userId }, select: { username: true } }) : null,
  ]);
  const money = (entries: { currency: string; collectedCents: number; outstandingCents: number }[], field: "collectedCents" | "outstandingCents") =>
    entries.map((m) => formatMoney(m[field], m.currency, context.format)).join(", ") || "–";
  const table: MailTable = {
    caption: "Per lot",
    columns: ["Lot", "Collected", "Outstanding", "Stays", "Reservations", "Occupancy"],
    numeric: [false, true, true, true, true, true],
    rows: summary.lots.map((lot) => [
      `${lot.name} (${lot.timezone})`,
      money(lot.total.revenue, "collectedCents"),
      money(lot.total.revenue, "outstandingCents"),
      String(lot.total.sessions),
      String(lot.total.reservations.total),
      formatPercent(lot.total.occupancyRate, context.format),
    ]),
  };
  const span =
    range.from === range.to ? formatDay(range.from, context.format) : `${formatDay(range.from, context.format)} to ${formatDay(range.to, context.format)}`;
  return {
    subject: `Park ${period} report: ${span}`,
    heading: `${period === "daily" ? "Daily" : "Monthly"} report, ${span}`,
    greeting: user ? `Hello ${user.username},` : undefined,
    paragraphs: [`Figures of every lot for ${span}, each day read in the lot's own timezone. Amounts of different currencies are never added.`],
    facts: [
      ["Collected", money(summary.totals.revenue, "collectedCents")],
      ["Outstanding", money(summary.totals.revenue, "outstandingCents")],
      ["Stays", String(summary.totals.sessions)],
      ["Reservations", String(summary.totals.reservations.total)],
      ["Occupancy", formatPercent(summary.totals.occupancyRate, context.format)],
    ],
    tables: summary.lots.length > 0 ? [table] : [],
  };
}

async function exportMail(context: ComposeContext, entry: OutboxEntry, files: readonly CsvFile[], subject: string, line: string): Promise<MailDocument> {
  const user = entry.userId ? await context.db.user.findUnique({ where: { id: entry.userId }, select: { username: true } }) : null;
  // The files are read from the database as the mail goes out, so however long they are, no more than a page of
  // rows is held at once; which is also why the mail names them rather than counting their rows.
  return {
    subject,
    heading: subject,
    greeting: user ? `Hello ${user.username},` : undefined,
    paragraphs: [line],
    facts: files.map((file): [string, string] => ["Attached", file.filename]),
    attachments: files.map((file) => ({ filename: file.filename, contentType: "text/csv; charset=utf-8", content: file.content })),
  };
}
