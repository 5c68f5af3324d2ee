// The booking path's SQL, kept apart so the benchmark's raw-SQL ceiling runs
// exactly these statements without the server around them.
import { Prisma, type SpotKind, type VehicleType } from "@park/db";
import { occupiedHorizon } from "../lots/spot-queries.ts";
import { enqueueSql } from "../notifications/enqueue.ts";

export interface BookingParties {
  lotId: string | null;
  lotName: string;
  currency: string;
  hourlyRateCents: number;
  dailyMaxCents: number | null;
  graceMinutes: number;
  billingIncrementMinutes: number;
  vehicleId: string | null;
  plate: string;
  vehicleType: VehicleType;
}

/** The lot's tariff and the caller's vehicle, each null when missing, removed or someone else's. */
export function bookingPartiesSql(userId: string, lotId: string, vehicleId: string): Prisma.Sql {
  return Prisma.sql`
    SELECT l.id AS "lotId", l.name AS "lotName", l.currency, l.hourly_rate_cents AS "hourlyRateCents", l.daily_max_cents AS "dailyMaxCents",
           l.grace_minutes AS "graceMinutes", l.billing_increment_minutes AS "billingIncrementMinutes",
           v.id AS "vehicleId", v.plate, v.type::text AS "vehicleType"
    FROM (SELECT 1) AS one
    LEFT JOIN lots l ON l.id = ${lotId}::uuid AND l.deleted_at IS NULL
    LEFT JOIN vehicles v ON v.id = ${vehicleId}::uuid AND v.user_id = ${userId}::uuid AND v.retired_at IS NULL`;
}

export interface Booked {
  id: string;
  label: string;
  kind: SpotKind;
  levelName: string;
  rowName: string;
  occupied: boolean;
  reservationId: string | null;
  createdAt: Date | null;
}

export interface BookSpot {
  userId: string;
  lotId: string;
  vehicleId: string;
  /** The spot asked for; absent, the best free one is picked under the lot's lock. */
  spotId?: string | undefined;
  startsAt: Date;
  endsAt: Date;
  kinds: SpotKind[];
  amountCents: number;
  currency: string;
  now: Date;
}

/**
 * One statement: choose the spot under the lot's lock (`park_allocate_spot`
 * takes it and picks the best free one; a named spot takes it too, since
 * bookings of one spot that reach its exclusion constraint at the same
 * instant can deadlock instead of one of them winning), insert the
 * reservation unless the spot is of a kind the vehicle may not use or is
 * occupied for a window starting soon, and enqueue the confirmation. Returns
 * the spot, with the reservation's id when it was booked; no row when the
 * spot does not exist or none is free.
 */
export function bookSpotSql(b: BookSpot): Prisma.Sql {
  const horizon = occupiedHorizon(b.now);
  return Prisma.sql`
    WITH chosen AS (
      SELECT CASE WHEN ${b.spotId ?? null}::uuid IS NULL
               THEN park_allocate_spot(${b.lotId}::uuid, ${b.startsAt}::timestamptz, ${b.endsAt}::timestamptz, ${b.kinds}::text[], ${horizon}::timestamptz)
               ELSE (SELECT ${b.spotId ?? null}::uuid FROM (SELECT pg_advisory_xact_lock(hashtextextended(${b.lotId}::uuid::text, 0))) AS locked)
             END AS id),
    spot AS (
      SELECT s.id, s.label, s.kind::text AS kind, l.name AS "levelName", r.name AS "rowName",
             (${b.startsAt}::timestamptz < ${horizon}::timestamptz
              AND EXISTS (SELECT 1 FROM sessions x WHERE x.spot_id = s.id AND x.status = 'active')) AS occupied
      FROM chosen
      JOIN spots s ON s.id = chosen.id AND s.lot_id = ${b.lotId}::uuid AND s.retired_at IS NULL
      JOIN levels l ON l.id = s.level_id
      JOIN rows r ON r.id = s.row_id),
    booked AS (
      INSERT INTO reservations (user_id, lot_id, spot_id, vehicle_id, starts_at, ends_at, amount_cents, currency)
      SELECT ${b.userId}::uuid, ${b.lotId}::uuid, spot.id, ${b.vehicleId}::uuid, ${b.startsAt}::timestamptz,
             ${b.endsAt}::timestamptz, ${b.amountCents}, ${b.currency}
      FROM spot WHERE spot.kind = ANY(${b.kinds}::text[]) AND NOT spot.occupied
      RETURNING id, user_id, created_at),
    mail AS (${enqueueSql("reservation.confirmed", {
      userId: Prisma.sql`booked.user_id`,
      recipient: Prisma.sql`users.email::text`,
      payload: Prisma.sql`jsonb_build_object('reservationId', booked.id)`,
      from: Prisma.sql`FROM booked JOIN users ON users.id = booked.user_id`,
    })})
    SELECT spot.*, booked.id AS "reservationId", booked.created_at AS "createdAt" FROM spot LEFT JOIN booked ON true`;
}
