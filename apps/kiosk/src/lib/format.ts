import type { SpotKind } from "../api.ts";

export { formatDuration, formatMoney } from "@park/sdk";

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
