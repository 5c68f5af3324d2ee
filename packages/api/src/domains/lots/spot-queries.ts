// Spot status and availability, computed in SQL from holds and sessions at
// query time: nothing is stored that could drift from the bookings.
import { Prisma, type Db, type SpotKind } from "@park/db";
import { minutesAfter, occupancyRules } from "../reservations/window.ts";

export type SpotStatus = "available" | "occupied" | "reserved" | "out_of_service";

export interface SpotRow {
  id: string;
  label: string;
  kind: SpotKind;
  lotId: string;
  levelId: string;
  rowId: string;
  status: SpotStatus;
}

type Executor = Pick<Db, "$queryRaw">;

const occupiedNow = Prisma.sql`EXISTS (SELECT 1 FROM sessions x WHERE x.spot_id = s.id AND x.status = 'active')`;
const heldAt = (at: Date) =>
  Prisma.sql`EXISTS (SELECT 1 FROM spot_holds h WHERE h.spot_id = s.id AND h.active AND tstzrange(h.starts_at, h.ends_at, '[)') @> ${at}::timestamptz)`;

const statusAt = (at: Date) => Prisma.sql`CASE
  WHEN s.out_of_service THEN 'out_of_service'
  WHEN ${occupiedNow} THEN 'occupied'
  WHEN ${heldAt(at)} THEN 'reserved'
  ELSE 'available' END`;

const freeAt = (at: Date) => Prisma.sql`(NOT s.out_of_service AND NOT ${occupiedNow} AND NOT ${heldAt(at)})`;

export interface SpotFilter {
  lotId?: string | undefined;
  levelId?: string | undefined;
  rowId?: string | undefined;
  spotIds?: string[] | undefined;
  status?: SpotStatus | undefined;
}

/** Spots with their status at `at`, in layout order; keyset-paged by position. */
export async function listSpots(
  db: Executor,
  filter: SpotFilter,
  at: Date,
  page?: { after?: { level: number; row: number; spot: number; id: string } | undefined; limit: number },
): Promise<(SpotRow & { sortKey: { level: number; row: number; spot: number; id: string } })[]> {
  const where: Prisma.Sql[] = [Prisma.sql`s.retired_at IS NULL`, Prisma.sql`lot.deleted_at IS NULL`];
  if (filter.lotId) where.push(Prisma.sql`s.lot_id = ${filter.lotId}::uuid`);
  if (filter.levelId) where.push(Prisma.sql`s.level_id = ${filter.levelId}::uuid`);
  if (filter.rowId) where.push(Prisma.sql`s.row_id = ${filter.rowId}::uuid`);
  if (filter.spotIds) where.push(Prisma.sql`s.id = ANY(${filter.spotIds}::uuid[])`);
  if (filter.status) where.push(Prisma.sql`(${statusAt(at)}) = ${filter.status}`);
  if (page?.after) {
    const a = page.after;
    where.push(Prisma.sql`(l.position, r.position, s.position, s.id) > (${a.level}::int, ${a.row}::int, ${a.spot}::int, ${a.id}::uuid)`);
  }
  const rows = await db.$queryRaw<(SpotRow & { levelPos: number; rowPos: number; spotPos: number })[]>`
    SELECT s.id, s.label, s.kind::text AS kind, s.lot_id AS "lotId", s.level_id AS "levelId", s.row_id AS "rowId",
           ${statusAt(at)} AS status, l.position AS "levelPos", r.position AS "rowPos", s.position AS "spotPos"
    FROM spots s
    JOIN levels l ON l.id = s.level_id
    JOIN rows r ON r.id = s.row_id
    JOIN lots lot ON lot.id = s.lot_id
    WHERE ${Prisma.join(where, " AND ")}
    ORDER BY l.position, r.position, s.position, s.id
    ${page ? Prisma.sql`LIMIT ${page.limit}` : Prisma.empty}`;
  return rows.map(({ levelPos, rowPos, spotPos, ...spot }) => ({ ...spot, sortKey: { level: levelPos, row: rowPos, spot: spotPos, id: spot.id } }));
}

export interface Counts {
  capacity: number;
  available: number;
}

/** Capacity and spots free now, per lot, for many lots in one query. */
export async function countsByLot(db: Executor, lotIds: string[], at: Date): Promise<Map<string, Counts>> {
  if (lotIds.length === 0) return new Map();
  const rows = await db.$queryRaw<{ lotId: string; capacity: number; available: number }[]>(countsByLotSql(lotIds, at));
  return new Map(rows.map((r) => [r.lotId, { capacity: r.capacity, available: r.available }]));
}

export function countsByLotSql(lotIds: string[], at: Date): Prisma.Sql {
  return Prisma.sql`
    SELECT s.lot_id AS "lotId", count(*)::int AS capacity, (count(*) FILTER (WHERE ${freeAt(at)}))::int AS available
    FROM spots s
    WHERE s.lot_id = ANY(${lotIds}::uuid[]) AND s.retired_at IS NULL
    GROUP BY s.lot_id`;
}

/**
 * One lot's free spots at `at` (the rule of `freeAt`), and when that can next
 * change by time alone: the earliest end of a claim covering `at` or start of
 * a claim after it. The covering claim is looked up once for both, so this
 * costs about a sixth more than the bare count (2,000 spots: 14 ms against 12).
 */
export function liveAvailabilitySql(lotId: string, at: Date): Prisma.Sql {
  return Prisma.sql`
    SELECT (count(*) FILTER (WHERE NOT s.out_of_service AND NOT ${occupiedNow} AND covering.held IS NULL))::int AS available,
           min(LEAST(
             (SELECT min(h.starts_at) FROM spot_holds h WHERE h.spot_id = s.id AND h.active AND h.starts_at > ${at}::timestamptz),
             covering.ends_at
           )) AS "changesAt"
    FROM spots s
    LEFT JOIN LATERAL (
      SELECT true AS held, h.ends_at FROM spot_holds h
       WHERE h.spot_id = s.id AND h.active AND tstzrange(h.starts_at, h.ends_at, '[)') @> ${at}::timestamptz
       LIMIT 1
    ) covering ON true
    WHERE s.lot_id = ${lotId}::uuid AND s.retired_at IS NULL`;
}

/** Capacity and spots free now, per row of one lot. */
export async function countsByRow(db: Executor, lotId: string, at: Date): Promise<Map<string, Counts>> {
  const rows = await db.$queryRaw<{ rowId: string; capacity: number; available: number }[]>`
    SELECT s.row_id AS "rowId", count(*)::int AS capacity, (count(*) FILTER (WHERE ${freeAt(at)}))::int AS available
    FROM spots s
    WHERE s.lot_id = ${lotId}::uuid AND s.retired_at IS NULL
    GROUP BY s.row_id`;
  return new Map(rows.map((r) => [r.rowId, { capacity: r.capacity, available: r.available }]));
}

/** Kinds a vehicle may use: motorcycles only motorcycle spots, others any other kind. */
export function kindsFor(vehicleType: "car" | "motorcycle" | "van" | undefined, preferred?: SpotKind): SpotKind[] {
  const allowed: SpotKind[] =
    vehicleType === "motorcycle"
      ? ["motorcycle"]
      : vehicleType === undefined
        ? ["standard", "compact", "ev", "accessible", "motorcycle"]
        : ["standard", "compact", "ev", "accessible"];
  return preferred ? allowed.filter((k) => k === preferred) : allowed;
}

/**
 * Spots of the given kinds free for the whole window [from, to), best first:
 * lowest level, row and label (`park_free_spots` in the migrations, the
 * same rule allocation uses). A spot occupied now is never free for a window
 * that starts within the relocation lead, whatever its claims say.
 */
export async function freeSpots(
  db: Executor,
  lotId: string,
  window: { from: Date; to: Date },
  kinds: SpotKind[],
  now: Date,
  limit?: number,
): Promise<(Omit<SpotRow, "status"> & { levelName: string; rowName: string })[]> {
  return db.$queryRaw(freeSpotsSql(lotId, window, kinds, now, limit));
}

export function freeSpotsSql(lotId: string, window: { from: Date; to: Date }, kinds: SpotKind[], now: Date, limit?: number): Prisma.Sql {
  // WITH ORDINALITY keeps the function's layout order through the joins.
  return Prisma.sql`
    SELECT f.spot_id AS id, f.spot_label AS label, f.spot_kind AS kind, ${lotId}::uuid AS "lotId", f.spot_level_id AS "levelId",
           f.spot_row_id AS "rowId", l.name AS "levelName", r.name AS "rowName"
    FROM park_free_spots(${lotId}::uuid, ${window.from}::timestamptz, ${window.to}::timestamptz, ${kinds}::text[],
                         ${occupiedHorizon(now)}::timestamptz, ${limit ?? null}::int) WITH ORDINALITY AS f
    JOIN levels l ON l.id = f.spot_level_id
    JOIN rows r ON r.id = f.spot_row_id
    ORDER BY f.ordinality`;
}

/** When the next claim on a spot after `at` starts; null when nothing is claimed after it. */
export async function nextClaimStart(db: Executor, spotId: string, at: Date): Promise<Date | null> {
  const [row] = await db.$queryRaw<{ next: Date | null }[]>`
    SELECT min(starts_at) AS next FROM spot_holds WHERE spot_id = ${spotId}::uuid AND active AND starts_at > ${at}::timestamptz`;
  return row?.next ?? null;
}

/** Windows starting before this instant never get a spot that is occupied now. */
export function occupiedHorizon(now: Date): Date {
  return minutesAfter(now, occupancyRules.relocateLeadMinutes);
}

/**
 * Confirmed bookings about to start on a spot whose occupant is not expected
 * to leave in time: a walk-up, or a checked-in reservation that ends within
 * the departure margin. They are moved before they start; those that cannot
 * be moved are at risk.
 */
export function displacedBookingsSql(now: Date, lotId?: string): Prisma.Sql {
  return Prisma.sql`
    SELECT r.id, r.lot_id AS "lotId", r.spot_id AS "spotId", r.starts_at AS "startsAt", r.ends_at AS "endsAt",
           o.id AS "occupantSessionId", o.plate AS "occupantPlate"
    FROM sessions o
    JOIN reservations r ON r.spot_id = o.spot_id AND r.status = 'confirmed'
     AND r.starts_at <= ${minutesAfter(now, occupancyRules.relocateLeadMinutes)}::timestamptz AND r.ends_at > ${now}::timestamptz
    LEFT JOIN reservations own ON own.id = o.reservation_id
    WHERE o.status = 'active'
      ${lotId ? Prisma.sql`AND o.lot_id = ${lotId}::uuid` : Prisma.empty}
      AND (o.reservation_id IS NULL OR own.ends_at <= ${minutesAfter(now, occupancyRules.departureMarginMinutes)}::timestamptz)`;
}

/**
 * Spots a car can take now: not out of service, not occupied, not claimed
 * now, and unclaimed for at least the walk-up minimum. Spots with no claim
 * ahead come first (in layout order), then those whose next claim is latest;
 * `nextHoldAt` says until when the car may stay. While the lot has a booking
 * at risk, only spots with no claim ahead are offered, so walk-ups add no
 * more risk.
 */
export async function parkableSpots(
  db: Executor,
  lotId: string,
  now: Date,
  kinds: SpotKind[],
  options: { spotId?: string | undefined; limit?: number } = {},
): Promise<{ id: string; nextHoldAt: Date | null }[]> {
  return db.$queryRaw<{ id: string; nextHoldAt: Date | null }[]>`
    SELECT s.id, next.starts_at AS "nextHoldAt"
    FROM spots s
    JOIN levels l ON l.id = s.level_id
    JOIN rows r ON r.id = s.row_id
    CROSS JOIN LATERAL (
      SELECT min(h.starts_at) AS starts_at FROM spot_holds h WHERE h.spot_id = s.id AND h.active AND h.starts_at > ${now}::timestamptz
    ) next
    WHERE s.lot_id = ${lotId}::uuid AND s.retired_at IS NULL AND NOT s.out_of_service
      AND s.kind::text = ANY(${kinds}::text[])
      ${options.spotId ? Prisma.sql`AND s.id = ${options.spotId}::uuid` : Prisma.empty}
      AND NOT ${occupiedNow}
      AND NOT ${heldAt(now)}
      AND (next.starts_at IS NULL OR (
        next.starts_at >= ${minutesAfter(now, occupancyRules.walkUpMinutes)}::timestamptz
        AND NOT EXISTS (${displacedBookingsSql(now, lotId)})))
    ORDER BY next.starts_at DESC NULLS FIRST, l.position, r.position, s.position
    LIMIT ${options.limit ?? 1}`;
}
