/** "P0 · row A · spot 3": labels repeat in every row, so drivers need all three. */
export function placeOf(spot: { label: string; levelName: string; rowName: string }): string {
  return `${spot.levelName} · row ${spot.rowName} · spot ${spot.label}`;
}
