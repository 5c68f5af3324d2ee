// The database's own view of a test's outcome, read with plain SQL outside
// any server process.
import { openDatabase } from "@park/db";

/** Plain SQL on a database, outside any server process. */
export async function withSql<T>(
  target: { url: string } | { dataDir: string },
  fn: (query: (text: string, params?: unknown[]) => Promise<Record<string, unknown>[]>) => Promise<T>,
): Promise<T> {
  const db = await openDatabase("url" in target ? { url: target.url, poolSize: 1 } : { dataDir: target.dataDir });
  try {
    return await fn((text, params) => db.sql.query<Record<string, unknown>>(text, params));
  } finally {
    await db.close();
  }
}

/** The database's own view, bypassing the API: the bookings it holds never collide. */
export async function invariantCounts(query: (text: string) => Promise<Record<string, unknown>[]>) {
  const one = async (text: string) => Number(Object.values((await query(text))[0] ?? {})[0]);
  return {
    overlappingHolds: await one(`
      SELECT count(*) FROM spot_holds a JOIN spot_holds b
        ON a.spot_id = b.spot_id AND a.id < b.id AND a.active AND b.active
       AND tstzrange(a.starts_at, a.ends_at, '[)') && tstzrange(b.starts_at, b.ends_at, '[)')`),
    spotsWithTwoActiveSessions: await one(`
      SELECT count(*) FROM (SELECT spot_id FROM sessions WHERE status = 'active' GROUP BY spot_id HAVING count(*) > 1) x`),
    platesWithTwoActiveSessions: await one(`
      SELECT count(*) FROM (SELECT plate FROM sessions WHERE status = 'active' GROUP BY plate HAVING count(*) > 1) x`),
    // The overlap check only means something if every live booking is mirrored by an active hold:
    // a confirmed reservation's own, then, once checked in, its session's.
    liveReservationsWithoutHold: await one(`
      SELECT count(*) FROM reservations r
       WHERE (r.status = 'confirmed'
              AND NOT EXISTS (SELECT 1 FROM spot_holds h WHERE h.reservation_id = r.id AND h.active AND h.spot_id = r.spot_id))
          OR (r.status = 'checked_in'
              AND NOT EXISTS (SELECT 1 FROM sessions s JOIN spot_holds h ON h.session_id = s.id
                               WHERE s.reservation_id = r.id AND s.status = 'active' AND h.active AND h.spot_id = r.spot_id))`),
    activeSessionsWithoutHold: await one(`
      SELECT count(*) FROM sessions s
       WHERE s.status = 'active'
         AND NOT EXISTS (SELECT 1 FROM spot_holds h WHERE h.session_id = s.id AND h.active AND h.spot_id = s.spot_id)`),
    // The core rule: no spot has a parked car and another driver's live booking covering this instant.
    spotsWithCarAndBooking: await one(`
      SELECT count(*) FROM sessions o JOIN reservations r ON r.spot_id = o.spot_id
       WHERE o.status = 'active' AND r.status IN ('confirmed', 'checked_in') AND r.id IS DISTINCT FROM o.reservation_id
         AND r.starts_at <= now() AND r.ends_at > now()`),
    // Nothing retired, removed or out of service carries a live booking.
    removedVehiclesInUse: await one(`
      SELECT count(*) FROM vehicles v WHERE v.retired_at IS NOT NULL
         AND (EXISTS (SELECT 1 FROM sessions s WHERE s.vehicle_id = v.id AND s.status = 'active')
              OR EXISTS (SELECT 1 FROM reservations r WHERE r.vehicle_id = v.id AND r.status IN ('confirmed', 'checked_in') AND r.ends_at > now()))`),
    deletedLotsInUse: await one(`
      SELECT count(*) FROM lots l WHERE l.deleted_at IS NOT NULL
         AND (EXISTS (SELECT 1 FROM sessions s WHERE s.lot_id = l.id AND s.status = 'active')
              OR EXISTS (SELECT 1 FROM reservations r WHERE r.lot_id = l.id AND r.status IN ('confirmed', 'checked_in') AND r.ends_at > now()))`),
    retiredSpotsInUse: await one(`
      SELECT count(*) FROM spots p WHERE p.retired_at IS NOT NULL
         AND EXISTS (SELECT 1 FROM spot_holds h WHERE h.spot_id = p.id AND h.active AND (h.ends_at IS NULL OR h.ends_at > now()))`),
    outOfServiceSpotsInUse: await one(`
      SELECT count(*) FROM spots p WHERE p.out_of_service
         AND EXISTS (SELECT 1 FROM spot_holds h WHERE h.spot_id = p.id AND h.active AND (h.ends_at IS NULL OR h.ends_at > now()))`),
    activeHolds: await one(`SELECT count(*) FROM spot_holds WHERE active`),
  };
}

/** Every forbidden combination `invariantCounts` looks for, absent. */
export const nothingForbidden = {
  overlappingHolds: 0,
  spotsWithTwoActiveSessions: 0,
  platesWithTwoActiveSessions: 0,
  liveReservationsWithoutHold: 0,
  activeSessionsWithoutHold: 0,
  spotsWithCarAndBooking: 0,
  removedVehiclesInUse: 0,
  deletedLotsInUse: 0,
  retiredSpotsInUse: 0,
  outOfServiceSpotsInUse: 0,
};
