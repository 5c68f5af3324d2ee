import type { Prisma } from "@park/db";
import { AppError, notFound } from "../../shared/errors.ts";
import type { Services } from "../../shared/services.ts";
import { rangeProblem } from "./range.ts";
import type { ReportSummary } from "./schemas.ts";
import { reportedLotsSql, reportSettingsSql, reportSummarySql, type ReportDayRow } from "./sql.ts";

type Money = ReportSummary["totals"]["revenue"][number];
type Reservations = ReportSummary["totals"]["reservations"];
type Lot = ReportSummary["lots"][number];
type Figures = Lot["total"];
type WeekHour = Lot["occupancyByWeekdayHour"][number];

const hourSeconds = 3_600;

const rate = (occupied: number, open: number) => (open > 0 ? occupied / open : 0);
const averageMinutes = (seconds: number, count: number) => (count > 0 ? Math.round((seconds / 60 / count) * 10) / 10 : null);
const noReservations = (): Reservations => ({ confirmed: 0, checked_in: 0, completed: 0, cancelled: 0, expired: 0, total: 0 });

function addReservations(into: Reservations, more: Reservations) {
  for (const key of Object.keys(into) as (keyof Reservations)[]) into[key] += more[key];
}

/** Adds amounts of the same currency only; `into` keeps its order and gains new currencies at the end. */
function addMoney(into: Money[], more: readonly Money[]) {
  for (const entry of more) {
    const same = into.find((m) => m.currency === entry.currency);
    if (same) {
      same.collectedCents += entry.collectedCents;
      same.outstandingCents += entry.outstandingCents;
    } else {
      into.push({ ...entry });
    }
  }
}

const weekHour = (weekday: number, hour: number, occupied: number, open: number): WeekHour => ({
  weekday,
  hour,
  occupiedSpotHours: occupied / hourSeconds,
  openSpotHours: open / hourSeconds,
  occupancyRate: rate(occupied, open),
});

/** Adds the lots' cells of the same weekday and local hour, in the order of the week. */
function addWeekHours(lots: readonly NonNullable<ReportDayRow["weekHours"]>[]): WeekHour[] {
  const cells = new Map<number, { weekday: number; hour: number; occupied: number; open: number }>();
  for (const lot of lots) {
    for (const cell of lot) {
      const key = cell.weekday * 24 + cell.hour;
      const sum = cells.get(key) ?? { weekday: cell.weekday, hour: cell.hour, occupied: 0, open: 0 };
      sum.occupied += cell.occupied;
      sum.open += cell.open;
      cells.set(key, sum);
    }
  }
  return [...cells.entries()].sort(([a], [b]) => a - b).map(([, c]) => weekHour(c.weekday, c.hour, c.occupied, c.open));
}

/** The lot's own currency first, present even when nothing was earned, then any other it was paid in. */
function dayMoney(row: ReportDayRow): Money[] {
  const money: Money[] = [{ currency: row.currency, collectedCents: 0, outstandingCents: 0 }];
  addMoney(
    money,
    row.money.map((m) => ({ currency: m.currency.trim(), collectedCents: Number(m.collected), outstandingCents: Number(m.outstanding) })),
  );
  return money;
}

function dayFigures(row: ReportDayRow) {
  const reservations: Reservations = {
    confirmed: row.confirmed,
    checked_in: row.checkedIn,
    completed: row.completed,
    cancelled: row.cancelled,
    expired: row.expired,
    total: row.confirmed + row.checkedIn + row.completed + row.cancelled + row.expired,
  };
  return {
    date: row.day,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    hours: row.daySeconds / hourSeconds,
    revenue: dayMoney(row),
    sessions: row.sessions,
    endedSessions: row.endedSessions,
    averageStayMinutes: averageMinutes(row.staySeconds, row.endedSessions),
    reservations,
    openSpotHours: row.openSeconds / hourSeconds,
    occupiedSpotHours: row.occupiedSeconds / hourSeconds,
    occupancyRate: rate(row.occupiedSeconds, row.openSeconds),
    busiestHour: row.busiestHour === null ? null : { hour: row.busiestHour, occupiedSpotHours: (row.busiestSeconds ?? 0) / hourSeconds },
  };
}

/** Longest a part of a report may hold its connection. */
const partTimeoutMs = 60_000;

/**
 * The report of every lot as `parts` statements over disjoint groups of lots,
 * run at once on as many connections. The first transaction exports its
 * snapshot and the others adopt it before reading anything, so every part
 * sees the database at the same instant, as a single statement would; the
 * parts' rows are put back in the report's order.
 */
async function rowsInParts(db: Services["db"], range: { from: string; to: string; now: Date }, parts: number): Promise<ReportDayRow[]> {
  const partOf = async (tx: Prisma.TransactionClient, among: readonly string[]) => {
    await tx.$queryRaw(reportSettingsSql);
    return tx.$queryRaw<ReportDayRow[]>(reportSummarySql({ ...range, lotId: null, among }));
  };
  const options = { isolationLevel: "RepeatableRead", timeout: partTimeoutMs, maxWait: partTimeoutMs } as const;
  return db.$transaction(async (first) => {
    const [{ snapshot }] = await first.$queryRaw<[{ snapshot: string }]>`SELECT pg_export_snapshot() AS snapshot`;
    const lots = (await first.$queryRaw<{ id: string }[]>(reportedLotsSql(range.from))).map((lot) => lot.id);
    const groups = Array.from({ length: Math.min(parts, lots.length) }, (_, k) => lots.filter((_, i) => i % parts === k));
    if (groups.length <= 1) return partOf(first, lots);
    const results = await Promise.all([
      partOf(first, groups[0]!),
      ...groups.slice(1).map((group) =>
        db.$transaction(async (tx) => {
          await tx.$executeRawUnsafe(`SET TRANSACTION SNAPSHOT '${snapshot.replace(/'/g, "")}'`);
          return partOf(tx, group);
        }, options),
      ),
    ]);
    const order = new Map(lots.map((id, index) => [id, index]));
    return results.flat().sort((a, b) => order.get(a.lotId)! - order.get(b.lotId)! || (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  }, options);
}

/**
 * Revenue, sessions, reservations, occupancy, stays and the busiest hour of
 * each lot (one lot with `lotId`, otherwise every lot not deleted before the
 * range) per calendar day from `from` to `to`, both included, each day read
 * in the lot's own timezone, with totals per lot and overall. Money stays in
 * its currency: totals hold one entry per currency. Deleted lots keep their
 * history, so a deleted lot asked for by id is still reported.
 */
export async function reportSummary(
  { db, clock, readParallelism = 1 }: Pick<Services, "db" | "clock" | "readParallelism">,
  input: { from: string; to: string; lotId?: string | undefined },
  now = clock.now(),
): Promise<ReportSummary> {
  const problem = rangeProblem(input.from, input.to);
  if (problem) throw new AppError("INVALID_INPUT", `${problem.field}: ${problem.message}`, { field: problem.field });
  const lotId = input.lotId ?? null;
  const range = { from: input.from, to: input.to, now };
  const rows =
    lotId === null && readParallelism > 1
      ? await rowsInParts(db, range, readParallelism)
      : (await db.$transaction([db.$queryRaw(reportSettingsSql), db.$queryRaw<ReportDayRow[]>(reportSummarySql({ ...range, lotId }))]))[1];
  if (lotId !== null && rows.length === 0) throw notFound("Lot");

  const lots: Lot[] = [];
  const weekHoursOfLots: NonNullable<ReportDayRow["weekHours"]>[] = [];
  for (const row of rows) {
    let lot = lots.at(-1);
    if (lot?.lotId !== row.lotId) {
      lot = {
        lotId: row.lotId,
        name: row.name,
        timezone: row.timezone,
        currency: row.currency,
        total: {
          revenue: [{ currency: row.currency, collectedCents: 0, outstandingCents: 0 }],
          sessions: 0,
          endedSessions: 0,
          averageStayMinutes: null,
          reservations: noReservations(),
          openSpotHours: 0,
          occupiedSpotHours: 0,
          occupancyRate: 0,
          busiestHour: row.lotBusiestHour === null ? null : { hour: row.lotBusiestHour, occupiedSpotHours: (row.lotBusiestSeconds ?? 0) / hourSeconds },
        },
        occupancyByWeekdayHour: addWeekHours([row.weekHours ?? []]),
        days: [],
      };
      lots.push(lot);
      weekHoursOfLots.push(row.weekHours ?? []);
    }
    lot.days.push(dayFigures(row));
  }

  const totals = {
    revenue: [] as Money[],
    sessions: 0,
    endedSessions: 0,
    averageStayMinutes: null as number | null,
    reservations: noReservations(),
    openSpotHours: 0,
    occupiedSpotHours: 0,
    occupancyRate: 0,
  };
  // Sums of seconds, so that averages and rates are taken once over the whole, not averaged from rounded parts.
  let [allOpen, allOccupied, allStay] = [0, 0, 0];
  const byLot = new Map(rows.map((row) => [row.lotId, { open: 0, occupied: 0, stay: 0 }]));
  for (const row of rows) {
    const sums = byLot.get(row.lotId)!;
    sums.open += row.openSeconds;
    sums.occupied += row.occupiedSeconds;
    sums.stay += row.staySeconds;
  }
  for (const lot of lots) {
    const total: Figures = lot.total;
    const sums = byLot.get(lot.lotId)!;
    for (const day of lot.days) {
      addMoney(total.revenue, day.revenue);
      total.sessions += day.sessions;
      total.endedSessions += day.endedSessions;
      addReservations(total.reservations, day.reservations);
    }
    total.openSpotHours = sums.open / hourSeconds;
    total.occupiedSpotHours = sums.occupied / hourSeconds;
    total.occupancyRate = rate(sums.occupied, sums.open);
    total.averageStayMinutes = averageMinutes(sums.stay, total.endedSessions);

    addMoney(totals.revenue, total.revenue);
    totals.sessions += total.sessions;
    totals.endedSessions += total.endedSessions;
    addReservations(totals.reservations, total.reservations);
    allOpen += sums.open;
    allOccupied += sums.occupied;
    allStay += sums.stay;
  }
  totals.revenue.sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));
  totals.openSpotHours = allOpen / hourSeconds;
  totals.occupiedSpotHours = allOccupied / hourSeconds;
  totals.occupancyRate = rate(allOccupied, allOpen);
  totals.averageStayMinutes = averageMinutes(allStay, totals.endedSessions);

  return { from: input.from, to: input.to, lotId, generatedAt: now, lots, totals, occupancyByWeekdayHour: addWeekHours(weekHoursOfLots) };
}
