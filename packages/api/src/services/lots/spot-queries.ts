// Spot status and availability, computed in SQL from holds and sessions at
// query time: nothing is stored that could drift from the bookings.
import { Prisma, type Db, type SpotKind } from "@park/db";

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
 * Spots with no active hold overlapping [from, to) (to null = open-ended),
 * not out of service, of the given kinds, best first: lowest level, row and
 * label. `parkingNow` also skips spots physically occupied now (a car that
 * overstays its reservation holds the spot without a hold).
 */
export async function freeSpots(
  db: Executor,
  lotId: string,
  window: { from: Date; to: Date | null; parkingNow?: boolean },
  kinds: SpotKind[],
  limit?: number,
): Promise<(Omit<SpotRow, "status"> & { levelName: string; rowName: string })[]> {
  return db.$queryRaw(freeSpotsSql(lotId, window, kinds, limit));
}

export function freeSpotsSql(lotId: string, window: { from: Date; to: Date | null; parkingNow?: boolean }, kinds: SpotKind[], limit?: number): Prisma.Sql {
  return Prisma.sql`
    SELECT s.id, s.label, s.kind::text AS kind, s.lot_id AS "lotId", s.level_id AS "levelId", s.row_id AS "rowId",
           l.name AS "levelName", r.name AS "rowName"
    FROM spots s
    JOIN levels l ON l.id = s.level_id
    JOIN rows r ON r.id = s.row_id
    WHERE s.lot_id = ${lotId}::uuid AND s.retired_at IS NULL AND NOT s.out_of_service
      AND s.kind::text = ANY(${kinds}::text[])
      ${window.parkingNow ? Prisma.sql`AND NOT ${occupiedNow}` : Prisma.empty}
      AND NOT EXISTS (
        SELECT 1 FROM spot_holds h
        WHERE h.spot_id = s.id AND h.active
          AND tstzrange(h.starts_at, h.ends_at, '[)') && tstzrange(${window.from}::timestamptz, ${window.to}::timestamptz, '[)'))
    ORDER BY l.position, r.position, s.position
    ${limit ? Prisma.sql`LIMIT ${limit}` : Prisma.empty}`;
}

/**
 * Spots a car can take now: free, not occupied, not out of service. Spots
 * with no booking ahead come first (in layout order); then those whose next
 * booking is latest, with `nextHoldAt` saying until when the car may stay.
 */
export async function parkableSpots(
  db: Executor,
  lotId: string,
  now: Date,
  kinds: SpotKind[],
  options: { spotId?: string | undefined; limit?: number } = {},
): Promise<{ id: string; nextHoldAt: Date | null }[]> {
  return db.$queryRaw<{ id: string; nextHoldAt: Date | null }[]>`
    SELECT s.id,
           (SELECT min(h.starts_at) FROM spot_holds h WHERE h.spot_id = s.id AND h.active AND h.starts_at > ${now}::timestamptz) AS "nextHoldAt"
    FROM spots s
    JOIN levels l ON l.id = s.level_id
    JOIN rows r ON r.id = s.row_id
    WHERE s.lot_id = ${lotId}::uuid AND s.retired_at IS NULL AND NOT s.out_of_service
      AND s.kind::text = ANY(${kinds}::text[])
      ${options.spotId ? Prisma.sql`AND s.id = ${options.spotId}::uuid` : Prisma.empty}
      AND NOT ${occupiedNow}
      AND NOT ${heldAt(now)}
    ORDER BY "nextHoldAt" DESC NULLS FIRST, l.position, r.position, s.position
    LIMIT ${options.limit ?? 1}`;
}
