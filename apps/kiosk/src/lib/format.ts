export { formatDuration, formatMoney, spotKindLabel, spotKinds, vehicleTypeLabel, vehicleTypes } from "@park/sdk";

/** The time of day on the lot's own clock, which is the one its screens hang beside. */
export function formatClock(date: Date, timeZone?: string): string {
  return new Intl.DateTimeFormat(undefined, { timeStyle: "medium", ...(timeZone ? { timeZone } : {}) }).format(date);
}

/** "Level P0 · row A · spot 3": labels repeat in every row, so drivers need all three. */
export function placeOf(spot: { label: string; levelName: string; rowName: string }): string {
  return `Level ${spot.levelName} · row ${spot.rowName} · spot ${spot.label}`;
}
