// Keeps a spot's occupant and the bookings after it apart. A car that stays
// past the start of the next booking of its spot would leave that driver
// without a place, so the booking moves to another free spot before it
// starts (same reservation, same price; its driver is told). Bookings that
// cannot be moved are "at risk": staff see them, and the lot stops giving
// walk-ups spots with a booking ahead until they are resolved.
import { Prisma, dbViolation, type Db, type SpotKind, type VehicleType } from "@park/db";
import { lockLot } from "../lots/lock.ts";
import { displacedBookingsSql, freeSpots, kindsFor } from "../lots/spot-queries.ts";
import { enqueueSql } from "../notifications/enqueue.ts";
import type { Services } from "../../shared/services.ts";

type Tx = Prisma.TransactionClient;

export interface MovableReservation {
  id: string;
  lotId: string;
  spotId: string;
  startsAt: Date;
  endsAt: Date;
  vehicleType: VehicleType;
  spotKind: SpotKind;
}

/**
 * Moves a confirmed reservation to the best other spot free for its whole
 * window, preferring the kind it was booked on, and tells its driver. Call
 * with the lot locked. Returns the new spot's id, or null when none is free.
 */
export async function moveReservation(tx: Tx, reservation: MovableReservation, now: Date, reason: "occupied" | "out_of_service"): Promise<string | null> {
  const free = await freeSpots(tx, reservation.lotId, { from: reservation.startsAt, to: reservation.endsAt }, kindsFor(reservation.vehicleType), now);
  const target = free.find((spot) => spot.kind === reservation.spotKind) ?? free[0];
  if (!target) return null;
  const moved = await tx.$queryRaw<{ userId: string }[]>`
    WITH moved AS (
      UPDATE reservations SET spot_id = ${target.id}::uuid, updated_at = now()
      WHERE id = ${reservation.id}::uuid AND status = 'confirmed' AND spot_id = ${reservation.spotId}::uuid
      RETURNING id, user_id),
    mail AS (${enqueueSql("reservation.moved", {
      userId: Prisma.sql`moved.user_id`,
      recipient: Prisma.sql`users.email::text`,
      payload: Prisma.sql`jsonb_build_object('reservationId', moved.id, 'fromSpotId', ${reservation.spotId}::text, 'toSpotId', ${target.id}::text, 'reason', ${reason}::text)`,
      from: Prisma.sql`FROM moved JOIN users ON users.id = moved.user_id`,
    })})
    SELECT user_id AS "userId" FROM moved`;
  return moved.length === 1 ? target.id : null;
}

interface Displaced {
  id: string;
  lotId: string;
  spotId: string;
}

/** Confirmed bookings about to start on a spot whose occupant will not be gone in time. */
export function displacedBookings(
  db: Pick<Db, "$queryRaw">,
  now: Date,
  lotId?: string,
): Promise<(Displaced & { startsAt: Date; endsAt: Date; occupantPlate: string })[]> {
  return db.$queryRaw(displacedBookingsSql(now, lotId));
}

/**
 * Moves every displaced booking it can, one lot lock at a time. Safe to run
 * from several processes
 * at once: each move re-checks under the lot's lock. Returns how many moved
 * and how many remain at risk.
 */
export async function relocateDisplacedBookings({ db, changes, clock }: Services, now = clock.now()): Promise<{ moved: number; atRisk: number }> {
  const candidates = await displacedBookings(db, now);
  let moved = 0;
  for (const candidate of candidates) {
    const target = await db.$transaction(async (tx) => {
      await lockLot(tx, candidate.lotId);
      const [current] = await tx.$queryRaw<(MovableReservation & { displaced: boolean })[]>`
        SELECT r.id, r.lot_id AS "lotId", r.spot_id AS "spotId", r.starts_at AS "startsAt", r.ends_at AS "endsAt",
               v.type::text AS "vehicleType", s.kind::text AS "spotKind",
               EXISTS (SELECT 1 FROM (${displacedBookingsSql(now, candidate.lotId)}) d WHERE d.id = r.id) AS displaced
        FROM reservations r JOIN vehicles v ON v.id = r.vehicle_id JOIN spots s ON s.id = r.spot_id
        WHERE r.id = ${candidate.id}::uuid
        FOR UPDATE OF r`;
      if (!current?.displaced) return null;
      return moveReservation(tx, current, now, "occupied");
    });
    if (target) {
      moved++;
      changes.lotChanged(candidate.lotId);
    }
  }
  return { moved, atRisk: candidates.length - moved };
}

/**
 * An occupant claims its spot until the next claim starts. When that claim
 * goes away (moved, cancelled), the occupant's claim grows to the following
 * one, or stays open. A booking made meanwhile in the gap wins; the claim
 * then grows on a later pass.
 */
export async function extendClaims(db: Pick<Db, "$queryRaw" | "$executeRaw">, spotIds?: string[]): Promise<number> {
  const stale = await db.$queryRaw<{ id: string; holdUntil: Date; next: Date | null }[]>`
    SELECT s.id, s.hold_until AS "holdUntil",
           (SELECT min(h.starts_at) FROM spot_holds h
             WHERE h.spot_id = s.spot_id AND h.active AND h.session_id IS DISTINCT FROM s.id AND h.starts_at >= s.hold_until) AS next
    FROM sessions s
    WHERE s.status = 'active' AND s.hold_until IS NOT NULL
      ${spotIds ? Prisma.sql`AND s.spot_id = ANY(${spotIds}::uuid[])` : Prisma.empty}`;
  let extended = 0;
  for (const session of stale) {
    if (session.next !== null && session.next.getTime() === session.holdUntil.getTime()) continue;
    try {
      extended += await db.$executeRaw`
        UPDATE sessions SET hold_until = ${session.next}::timestamptz
        WHERE id = ${session.id}::uuid AND status = 'active' AND hold_until = ${session.holdUntil}::timestamptz`;
    } catch (error) {
      if (dbViolation(error)?.kind !== "overlap") throw error;
    }
  }
  return extended;
}
