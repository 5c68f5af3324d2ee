// `<input type="datetime-local">` speaks "YYYY-MM-DDTHH:mm" in the browser's
// own time zone; the API speaks Date. These convert between the two.
import { formatDuration } from "@park/sdk";

export { formatDuration };

/** 7 → "07": hours, minutes, months and days as clocks and calendars write them. */
export const twoDigits = (n: number) => String(n).padStart(2, "0");
const pad = twoDigits;

/** The local hour 9 as "09:00". */
export const hourLabel = (hour: number) => `${twoDigits(hour)}:00`;

export function toLocalInput(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function fromLocalInput(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const date = new Date(y, mo - 1, d, h, mi);
  // Rejects dates like 31 February that Date would roll over.
  return date.getMonth() === mo - 1 && date.getDate() === d ? date : null;
}

/** The next whole hour from `now`, a sensible default start for a booking. */
export function nextHour(now = new Date()): Date {
  const date = new Date(now);
  date.setMinutes(0, 0, 0);
  date.setHours(date.getHours() + 1);
  return date;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const timeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: "short" });
const timeWithSeconds = new Intl.DateTimeFormat(undefined, { timeStyle: "medium" });

export function formatDateTime(date: Date): string {
  return dateTime.format(date);
}

export function formatClock(date: Date): string {
  return timeWithSeconds.format(date);
}

/** "12 Mar 2026, 10:00 – 13:00", or both dates in full when they differ. */
export function formatWindow(start: Date, end: Date): string {
  const sameDay = start.toDateString() === end.toDateString();
  return `${dateTime.format(start)} – ${sameDay ? timeOnly.format(end) : dateTime.format(end)}`;
}

export function formatMinutes(minutes: number): string {
  return minutes === 0 ? "none" : formatDuration(minutes * 60_000);
}
