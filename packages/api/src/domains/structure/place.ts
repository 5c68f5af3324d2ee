// Where a booking or a session is. Labels repeat in every row, so the level
// and row names come along.

export const spotPlace = { select: { id: true, label: true, level: { select: { name: true } }, row: { select: { name: true } } } } as const;

export function toSpotPlace(spot: { id: string; label: string; level: { name: string }; row: { name: string } }) {
  return { id: spot.id, label: spot.label, levelName: spot.level.name, rowName: spot.row.name };
}
