import { useEffect, useState } from "react";
import { allPages, api } from "../api.ts";

// Reservations and sessions name their spot by its label alone ("3"), which
// repeats in every row. Drivers need the level and row to find it.
const cache = new Map<string, Promise<Map<string, string>>>();

function placesOf(lotId: string): Promise<Map<string, string>> {
  let places = cache.get(lotId);
  if (!places) {
    places = Promise.all([api.lots.byId.query({ id: lotId }), allPages((page) => api.spots.list.query({ lotId, ...page }))]).then(([lot, spots]) => {
      const rows = new Map(lot.levels.flatMap((level) => level.rows.map((row) => [row.id, `${level.name} · row ${row.name}`] as const)));
      return new Map(spots.map((spot) => [spot.id, `${rows.get(spot.rowId) ?? ""} · spot ${spot.label}`.replace(/^ · /, "")]));
    });
    // A failure is not remembered, so a later render can try again.
    places.catch(() => cache.delete(lotId));
    cache.set(lotId, places);
  }
  return places;
}

/** "P0 · row A · spot 3" for each spot id of the given lots, once loaded. */
export function useSpotPlaces(lotIds: string[]): Map<string, string> {
  const [places, setPlaces] = useState<Map<string, string>>(new Map());
  const key = [...new Set(lotIds)].sort().join(",");
  useEffect(() => {
    if (!key) return;
    let live = true;
    Promise.allSettled(key.split(",").map(placesOf)).then((results) => {
      if (!live) return;
      const merged = new Map<string, string>();
      for (const result of results) if (result.status === "fulfilled") for (const [id, place] of result.value) merged.set(id, place);
      setPlaces(merged);
    });
    return () => {
      live = false;
    };
  }, [key]);
  return places;
}
