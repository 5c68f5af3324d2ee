// What commands print: aligned tables, money in its currency and times on the
// lot's clock for people; the procedure's own output as JSON for scripts.
import { formatMoney } from "@park/sdk";

/** Writes the value as JSON (Dates become ISO 8601 strings). */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printLines(...lines: string[]): void {
  process.stdout.write(`${lines.join("\n")}\n`);
}

export interface Column {
  header: string;
  /** Numbers and amounts line up on the right. */
  align?: "left" | "right";
}

const width = (text: string) => [...text].length;

/** Rows under their headers, each column as wide as its widest cell; `empty` when there are no rows. */
export function printTable(columns: Column[], rows: string[][], empty: string): void {
  if (rows.length === 0) return printLines(empty);
  const widths = columns.map((column, i) => Math.max(width(column.header), ...rows.map((row) => width(row[i] ?? ""))));
  const line = (cells: string[]) =>
    columns
      .map((column, i) => {
        const cell = cells[i] ?? "";
        const padding = " ".repeat(widths[i]! - width(cell));
        return column.align === "right" ? padding + cell : cell + padding;
      })
      .join("  ")
      .trimEnd();
  printLines(line(columns.map((column) => column.header)), ...rows.map(line));
}

/** 250 EUR → "€2.50", exactly (the SDK never lets money pass through a float). */
export const money = (cents: number, currency: string): string => formatMoney(cents, currency);

/** Amounts in several currencies, never added together: "€12.00, £3.00"; "–" for none. */
export function moneyList(amounts: { cents: number; currency: string }[]): string {
  return amounts.length === 0 ? "–" : amounts.map((amount) => money(amount.cents, amount.currency)).join(", ");
}

const clockFormats = new Map<string, Intl.DateTimeFormat>();

/** Year, month, day, hour, minute and zone of an instant in `timeZone` (this computer's when undefined). */
function clock(date: Date, timeZone: string | undefined) {
  const key = timeZone ?? "";
  let format = clockFormats.get(key);
  if (!format) {
    // en-US names the fields predictably; they are reassembled below in ISO order.
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZoneName: "short",
    });
    clockFormats.set(key, format);
  }
  const parts = Object.fromEntries(format.formatToParts(date).map((part) => [part.type, part.value]));
  return { day: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}`, zone: parts.timeZoneName ?? "" };
}

/** "2026-05-01 09:00 GMT+1": the instant on the clock of `timeZone` (the lot's, where known). */
export function dateTime(date: Date, timeZone?: string): string {
  const { day, time, zone } = clock(date, timeZone);
  return `${day} ${time} ${zone}`.trimEnd();
}

/** "2026-05-01 09:00–11:00 GMT+1", or both ends in full when they fall on different days or offsets. */
export function timeWindow(start: Date, end: Date | null, timeZone?: string): string {
  if (!end) return `${dateTime(start, timeZone)} – now`;
  const from = clock(start, timeZone);
  const to = clock(end, timeZone);
  if (from.day === to.day && from.zone === to.zone) return `${from.day} ${from.time}–${to.time} ${to.zone}`.trimEnd();
  return `${dateTime(start, timeZone)} – ${dateTime(end, timeZone)}`;
}

/** 125 → "2 h 05 min". */
export function minutes(total: number): string {
  const whole = Math.round(total);
  const hours = Math.floor(whole / 60);
  const rest = whole % 60;
  return hours === 0 ? `${rest} min` : `${hours} h ${String(rest).padStart(2, "0")} min`;
}

/** 0.4567 → "45.7%". */
export const percent = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;

/** Where a booking is: labels repeat in every row, so level and row come along. */
export const place = (spot: { label: string; levelName: string; rowName: string }) => `${spot.levelName}/${spot.rowName}/${spot.label}`;

/** A hint under a table that more pages follow. */
export function printNextPage(nextCursor: string | null): void {
  if (nextCursor) printLines("", `More: add --cursor ${nextCursor}`);
}
