// What the Reports page derives from a summary: the ranges it offers, the
// revenue series of its chart and the rows of its CSV. Plain functions of the
// summary, so that the chart, its table and the download cannot disagree.
import { stringify } from "csv-stringify/browser/esm/sync";
import type { RouterOutputs } from "@park/sdk";
import { moneyInput } from "./money.ts";
import { hourLabel, twoDigits as pad } from "./time.ts";

export type ReportSummary = RouterOutputs["admin"]["reports"]["summary"];
export type ReportLot = ReportSummary["lots"][number];
export type WeekHour = ReportSummary["occupancyByWeekdayHour"][number];

/** The browser's own calendar day of `date`, as YYYY-MM-DD. */
export function calendarDay(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

const daysBefore = (today: Date, days: number) => new Date(today.getFullYear(), today.getMonth(), today.getDate() - days);

export const presets = [
  { id: "today", label: "Today", range: (today: Date) => ({ from: calendarDay(today), to: calendarDay(today) }) },
  { id: "yesterday", label: "Yesterday", range: (today: Date) => ({ from: calendarDay(daysBefore(today, 1)), to: calendarDay(daysBefore(today, 1)) }) },
  { id: "7d", label: "Last 7 days", range: (today: Date) => ({ from: calendarDay(daysBefore(today, 6)), to: calendarDay(today) }) },
  { id: "30d", label: "Last 30 days", range: (today: Date) => ({ from: calendarDay(daysBefore(today, 29)), to: calendarDay(today) }) },
  {
    id: "month",
    label: "This month",
    range: (today: Date) => ({ from: calendarDay(new Date(today.getFullYear(), today.getMonth(), 1)), to: calendarDay(today) }),
  },
] as const;

export type PresetId = (typeof presets)[number]["id"];

/** The preset whose range is exactly `from`–`to` today, if any. */
export function presetOf(from: string, to: string, today: Date): PresetId | null {
  return (
    presets.find((preset) => {
      const range = preset.range(today);
      return range.from === from && range.to === to;
    })?.id ?? null
  );
}

export interface RevenueDay {
  date: string;
  /** Collected that local day, in the currency's minor units, over every lot reported. */
  collectedCents: number;
  outstandingCents: number;
}

/**
 * Revenue per local day, one series per currency, lots added together day by
 * day (each lot's day is its own local day). Currencies come in the order of
 * the totals, those with nothing collected or owed left out unless none has
 * anything (then the first stands for the empty range).
 */
export function revenueByDay(summary: ReportSummary): { currency: string; days: RevenueDay[] }[] {
  const moved = summary.totals.revenue.filter((money) => money.collectedCents !== 0 || money.outstandingCents !== 0);
  return (moved.length > 0 ? moved : summary.totals.revenue.slice(0, 1)).map(({ currency }) => {
    const days = new Map<string, RevenueDay>();
    for (const lot of summary.lots) {
      for (const day of lot.days) {
        const entry = days.get(day.date) ?? { date: day.date, collectedCents: 0, outstandingCents: 0 };
        const money = day.revenue.find((m) => m.currency === currency);
        entry.collectedCents += money?.collectedCents ?? 0;
        entry.outstandingCents += money?.outstandingCents ?? 0;
        days.set(day.date, entry);
      }
    }
    return { currency, days: [...days.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)) };
  });
}

const csvColumns = [
  "lot",
  "timezone",
  "date",
  "currency",
  "collected",
  "outstanding",
  "sessions",
  "ended sessions",
  "average stay (min)",
  "reservations",
  "cancelled reservations",
  "occupancy (%)",
  "busiest hour",
] as const;

type Figures = ReportLot["total"];

function rows(lot: ReportLot, date: string, figures: Figures): string[][] {
  return figures.revenue.map((money) => [
    lot.name,
    lot.timezone,
    date,
    money.currency,
    moneyInput(money.collectedCents, money.currency),
    moneyInput(money.outstandingCents, money.currency),
    String(figures.sessions),
    String(figures.endedSessions),
    figures.averageStayMinutes === null ? "" : String(figures.averageStayMinutes),
    String(figures.reservations.total),
    String(figures.reservations.cancelled),
    (figures.occupancyRate * 100).toFixed(1),
    figures.busiestHour === null ? "" : hourLabel(figures.busiestHour.hour),
  ]);
}

/**
 * The report as CSV: one row per lot, local day and currency, then each lot's
 * whole range as `date` "total". Quoted by the library (RFC 4180), and a cell
 * a spreadsheet would run as a formula (a lot named "=HYPERLINK(…)") is
 * escaped so it shows as text.
 */
export function reportCsv(summary: ReportSummary): string {
  const records: string[][] = [];
  for (const lot of summary.lots) {
    for (const day of lot.days) records.push(...rows(lot, day.date, day));
    records.push(...rows(lot, "total", lot.total));
  }
  return stringify(records, { header: true, columns: [...csvColumns], escape_formulas: true, record_delimiter: "windows" });
}

export const weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;

/** Each weekday's 24 hours, in order; null where the range holds no such hour. */
export function weekGrid(cells: readonly WeekHour[]): (WeekHour | null)[][] {
  const grid = weekdays.map(() => Array.from({ length: 24 }, (): WeekHour | null => null));
  for (const cell of cells) grid[cell.weekday - 1]![cell.hour] = cell;
  return grid;
}
