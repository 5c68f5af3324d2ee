import type { Lot, Spot, SpotKind } from "../api.ts";
import { spotKinds } from "./format.ts";

export interface LevelFree {
  id: string;
  name: string;
  free: number;
}

/** Free spots of each of the lot's levels, in the lot's order, empty levels included. */
export function freeByLevel(lot: Pick<Lot, "levels">, spots: Pick<Spot, "levelId">[]): LevelFree[] {
  const counts = new Map<string, number>();
  for (const spot of spots) counts.set(spot.levelId, (counts.get(spot.levelId) ?? 0) + 1);
  return lot.levels.map((level) => ({ id: level.id, name: level.name, free: counts.get(level.id) ?? 0 }));
}

/** Free spots of each kind in `kinds`, in the usual order of kinds. */
export function freeByKind(spots: Pick<Spot, "kind">[], kinds: ReadonlySet<SpotKind>): { kind: SpotKind; free: number }[] {
  return spotKinds.filter((kind) => kinds.has(kind)).map((kind) => ({ kind, free: spots.filter((spot) => spot.kind === kind).length }));
}
