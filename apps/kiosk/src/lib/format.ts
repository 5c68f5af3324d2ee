import type { SpotKind } from "../api.ts";

// Amounts travel as integer minor units: Intl is given them as decimal
// strings, which it formats exactly, so no float ever holds money.
export function formatMoney(minor: number, currency: string): string {
  const format = new Intl.NumberFormat(undefined, { style: "currency", currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  const sign = minor < 0 ? "-" : "";
  const text = String(Math.abs(Math.trunc(minor))).padStart(digits + 1, "0");
  const decimal = digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`;
  return format.format(`${sign}${decimal}` as `${number}`);
}

/** "2 h 05 min", "7 min", "under a minute". */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes === 0) return "under a minute";
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  return [days ? `${days} d` : "", hours ? `${hours} h` : "", rest ? `${rest} min` : ""].filter(Boolean).join(" ");
}

/** The time of day on the lot's own clock, which is the one its screens hang beside. */
export function formatClock(date: Date, timeZone?: string): string {
  return new Intl.DateTimeFormat(undefined, { timeStyle: "medium", ...(timeZone ? { timeZone } : {}) }).format(date);
}

/** "Level P0 · row A · spot 3": labels repeat in every row, so drivers need all three. */
export function placeOf(spot: { label: string; levelName: string; rowName: string }): string {
  return `Level ${spot.levelName} · row ${spot.rowName} · spot ${spot.label}`;
}

export const spotKinds: readonly SpotKind[] = ["standard", "compact", "ev", "accessible", "motorcycle"];

export const spotKindLabel: Record<SpotKind, string> = {
  standard: "Standard",
  compact: "Compact",
  ev: "EV charging",
  accessible: "Accessible",
  motorcycle: "Motorcycle",
};
