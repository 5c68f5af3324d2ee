import { capacityLayout, insertLayout, Prisma, type Db, type LotLayout } from "@park/db";
import { z } from "zod";
import { AppError, notFound } from "../../shared/errors.ts";
import { changedFields, recordAudit } from "../../shared/audit.ts";
import { refusedByDatabase, rethrowRefusal, uniqueNameConflict } from "../../shared/refusals.ts";
import { decodeCursor, textKey, toPage } from "../../shared/paging.ts";
import { requireValidWindow } from "../reservations/window.ts";
import { currencyForTimezone } from "./currency.ts";
import { lockLot } from "./lock.ts";
import {
  countsByLot,
  countsByRow,
  displacedBookingsSql,
  freeSpots,
  kindsFor,
  listSpots,
  liveAvailabilitySql,
  type Counts,
  type SpotRow,
} from "./spot-queries.ts";
import type { Services } from "../../shared/services.ts";
import type { Viewer } from "../../shared/viewer.ts";

interface LotRecord {
  id: string;
  name: string;
  city: string;
  address: string;
  lat: number | null;
  lng: number | null;
  timezone: string;
  hourlyRateCents: number;
  dailyMaxCents: number | null;
  currency: string;
  amenities: string[];
}

function toSummary(lot: LotRecord, counts: Counts | undefined) {
  const { lat, lng, ...rest } = lot;
  return { ...rest, location: lat !== null && lng !== null ? { lat, lng } : null, capacity: counts?.capacity ?? 0, available: counts?.available ?? 0 };
}

/** Loads a live lot or fails with NOT_FOUND. */
export async function requireLot(db: Pick<Db, "lot">, lotId: string) {
  const lot = await db.lot.findFirst({ where: { id: lotId, deletedAt: null } });
  if (!lot) throw notFound("Lot");
  return lot;
}

// --- listing ---------------------------------------------------------------

export interface ListLotsInput {
  city?: string | undefined;
  search?: string | undefined;
  near?: { lat: number; lng: number; radiusKm: number } | undefined;
  cursor?: string | undefined;
  limit: number;
}

const nameKey = z.strictObject({ name: textKey(120), id: z.uuid() });
// No two points of a 6371 km sphere are farther apart than half its circumference.
const distanceKey = z.strictObject({ d: z.number().min(0).max(20_016), id: z.uuid() });

/** Two queries whatever the page size: the lots, then their counts. */
export async function listLots({ db, clock }: Services, input: ListLotsInput, now = clock.now()) {
  const where: Prisma.Sql[] = [Prisma.sql`deleted_at IS NULL`];
  if (input.city) where.push(Prisma.sql`lower(city) = lower(${input.city})`);
  if (input.search) {
    const pattern = `%${input.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(Prisma.sql`(name ILIKE ${pattern} OR address ILIKE ${pattern} OR city ILIKE ${pattern})`);
  }
  let rows: (LotRecord & { distanceKm?: number })[];
  if (input.near) {
    const { lat, lng, radiusKm } = input.near;
    // Great-circle distance on a 6371 km sphere.
    const distance = Prisma.sql`(2 * 6371 * asin(sqrt(
      power(sin(radians(lat - ${lat}::float8) / 2), 2) +
      cos(radians(${lat}::float8)) * cos(radians(lat)) * power(sin(radians(lng - ${lng}::float8) / 2), 2))))`;
    where.push(Prisma.sql`lat IS NOT NULL AND lng IS NOT NULL`, Prisma.sql`${distance} <= ${radiusKm}::float8`);
    const after = decodeCursor(distanceKey, input.cursor);
    if (after) where.push(Prisma.sql`(${distance}, id) > (${after.d}::float8, ${after.id}::uuid)`);
    rows = await db.$queryRaw`
      SELECT id, name, city, address, lat, lng, timezone, hourly_rate_cents AS "hourlyRateCents", daily_max_cents AS "dailyMaxCents",
             currency, amenities, ${distance} AS "distanceKm"
      FROM lots WHERE ${Prisma.join(where, " AND ")}
      ORDER BY "distanceKm", id LIMIT ${input.limit + 1}`;
  } else {
    const after = decodeCursor(nameKey, input.cursor);
    if (after) where.push(Prisma.sql`(name, id) > (${after.name}, ${after.id}::uuid)`);
    rows = await db.$queryRaw`
      SELECT id, name, city, address, lat, lng, timezone, hourly_rate_cents AS "hourlyRateCents", daily_max_cents AS "dailyMaxCents",
             currency, amenities
      FROM lots WHERE ${Prisma.join(where, " AND ")}
      ORDER BY name, id LIMIT ${input.limit + 1}`;
  }
  const page = toPage(rows, input.limit, (lot) => (input.near ? { d: lot.distanceKm, id: lot.id } : { name: lot.name, id: lot.id }));
  const counts = await countsByLot(
    db,
    page.items.map((l) => l.id),
    now,
  );
  return {
    items: page.items.map(({ distanceKm, ...lot }) => ({
      ...toSummary(lot, counts.get(lot.id)),
      ...(distanceKm !== undefined ? { distanceKm: Math.round(distanceKm * 1000) / 1000 } : {}),
    })),
    nextCursor: page.nextCursor,
  };
}

// --- detail ------------------------------------------------------------------

export async function getLot({ db, clock }: Services, lotId: string, now = clock.now()) {
  const lot = await db.lot.findFirst({
    where: { id: lotId, deletedAt: null },
    include: { levels: { orderBy: { position: "asc" }, include: { rows: { orderBy: { position: "asc" } } } } },
  });
  if (!lot) throw notFound("Lot");
  const [lotCounts, rowCounts] = await Promise.all([countsByLot(db, [lot.id], now), countsByRow(db, lot.id, now)]);
  const levels = lot.levels.map((level) => {
    const rows = level.rows.map((row) => ({ id: row.id, levelId: level.id, name: row.name, ...(rowCounts.get(row.id) ?? { capacity: 0, available: 0 }) }));
    return {
      id: level.id,
      lotId: lot.id,
      name: level.name,
      capacity: rows.reduce((n, r) => n + r.capacity, 0),
      available: rows.reduce((n, r) => n + r.available, 0),
      rows,
    };
  });
  return {
    ...toSummary(lot, lotCounts.get(lot.id)),
    openingHours: (lot.openingHours ?? null) as Record<string, { open: string; close: string }[]> | null,
    graceMinutes: lot.graceMinutes,
    billingIncrementMinutes: lot.billingIncrementMinutes,
    levels,
  };
}

// --- create / update / delete ------------------------------------------------

export interface LotFields {
  name?: string | undefined;
  address?: string | undefined;
  city?: string | undefined;
  lat?: number | undefined;
  lng?: number | undefined;
  timezone?: string | undefined;
  hourlyRateCents?: number | undefined;
  dailyMaxCents?: number | null | undefined;
  graceMinutes?: number | undefined;
  billingIncrementMinutes?: number | undefined;
  currency?: string | undefined;
  amenities?: string[] | undefined;
  openingHours?: Record<string, { open: string; close: string }[] | undefined> | null | undefined;
}

function lotData(fields: LotFields) {
  const { openingHours, ...rest } = fields;
  return {
    ...rest,
    ...(openingHours !== undefined ? { openingHours: openingHours === null ? Prisma.DbNull : (openingHours as Prisma.InputJsonValue) } : {}),
  };
}

export async function createLot(
  services: Services,
  actor: Viewer,
  input: LotFields & { name: string; address: string; city: string; hourlyRateCents: number; capacity?: number | undefined; layout?: LotLayout | undefined },
) {
  const { db, changes } = services;
  const { capacity, layout, ...given } = input;
  const fields = { ...given, currency: given.currency ?? currencyForTimezone(given.timezone, services.defaultCurrency) };
  const lotId = await db
    .$transaction(async (tx) => {
      const lot = await tx.lot.create({ data: lotData(fields) as Prisma.LotCreateInput, select: { id: true } });
      const planned = layout ?? capacityLayout(capacity!);
      await insertLayout(tx, lot.id, planned);
      const spots = planned.levels.reduce((sum, level) => sum + level.rows.reduce((n, row) => n + row.spots, 0), 0);
      await recordAudit(tx, actor, {
        action: "lot.create",
        targetType: "lot",
        targetId: lot.id,
        after: { name: fields.name, city: fields.city, timezone: fields.timezone, currency: fields.currency, hourlyRateCents: fields.hourlyRateCents, spots },
      });
      return lot.id;
    })
    // Validation refuses repeated level and row names; this covers any caller that skipped it.
    .catch((error: unknown) => uniqueNameConflict(error, "A level or row of that name"));
  changes.lotChanged(lotId);
  return getLot(services, lotId);
}

export async function updateLot(services: Services, actor: Viewer, input: LotFields & { id: string; capacity?: number | undefined }) {
  const { db, changes } = services;
  const { id, capacity, ...fields } = input;
  await db
    .$transaction(async (tx) => {
      await requireLot(tx, id);
      // The lot's lock before its row: bookings take them in that order too.
      await lockLot(tx, id);
      const was = await tx.lot.findUniqueOrThrow({ where: { id } });
      const spots = capacity === undefined ? capacity : await tx.spot.count({ where: { lotId: id, retiredAt: null } });
      await tx.lot.update({ where: { id }, data: lotData(fields) });
      if (capacity !== undefined) await resizeLot(tx, id, capacity);
      await recordAudit(tx, actor, {
        action: "lot.update",
        targetType: "lot",
        targetId: id,
        ...changedFields({ ...was, capacity: spots }, { ...fields, capacity }),
      });
    })
    .catch((error: unknown) => {
      const refusal = refusedByDatabase(error);
      if (refusal?.code === "SPOT_IN_USE") throw new AppError("SPOT_IN_USE", `Cannot shrink to ${capacity}: a spot to remove was just booked`);
      throw refusal ?? error;
    });
  changes.lotChanged(id);
  return getLot(services, id);
}

/**
 * Grows the lot by adding spots to its last row, or shrinks it by retiring the
 * last spots. The database refuses to retire a spot that is occupied or
 * claimed now or later, and bookings wait for the retirement or see it.
 */
async function resizeLot(tx: Prisma.TransactionClient, lotId: string, capacity: number) {
  const live = await tx.spot.findMany({
    where: { lotId, retiredAt: null },
    select: { id: true },
    orderBy: [{ level: { position: "desc" } }, { row: { position: "desc" } }, { position: "desc" }],
  });
  if (capacity === live.length) return;
  if (capacity > live.length) return growLot(tx, lotId, capacity - live.length);
  const surplus = live.slice(0, live.length - capacity).map((s) => s.id);
  // Counted first only to say how many; the database's refusal is the guarantee.
  const inUse = await tx.spot.count({
    where: {
      id: { in: surplus },
      OR: [{ holds: { some: { active: true, OR: [{ endsAt: null }, { endsAt: { gt: new Date() } }] } } }, { sessions: { some: { status: "active" } } }],
    },
  });
  if (inUse > 0) throw new AppError("SPOT_IN_USE", `Cannot shrink to ${capacity}: ${inUse} of the spots to remove are in use or booked`);
  await tx.spot.updateMany({ where: { id: { in: surplus } }, data: { retiredAt: new Date() } });
}

async function growLot(tx: Prisma.TransactionClient, lotId: string, extra: number) {
  const row = await tx.row.findFirst({ where: { lotId }, orderBy: [{ level: { position: "desc" } }, { position: "desc" }] });
  if (!row) {
    await insertLayout(tx, lotId, capacityLayout(extra));
    return;
  }
  // Retired spots of the row come back before new ones are made.
  const retired = await tx.spot.findMany({
    where: { rowId: row.id, retiredAt: { not: null } },
    orderBy: { position: "asc" },
    take: extra,
    select: { id: true },
  });
  if (retired.length > 0) await tx.spot.updateMany({ where: { id: { in: retired.map((s) => s.id) } }, data: { retiredAt: null } });
  const missing = extra - retired.length;
  if (missing <= 0) return;
  const last = await tx.spot.aggregate({ where: { rowId: row.id }, _max: { position: true } });
  const start = (last._max.position ?? 0) + 1;
  await tx.spot.createMany({
    data: Array.from({ length: missing }, (_, i) => ({ lotId, levelId: row.levelId, rowId: row.id, label: String(start + i), position: start + i })),
  });
}

/** Soft-deletes a lot; the database refuses while a car is parked in it or a booking lies ahead. */
export async function deleteLot({ db, changes, clock }: Services, actor: Viewer, lotId: string, now = clock.now()) {
  await db
    .$transaction(async (tx) => {
      const { name } = await requireLot(tx, lotId);
      await lockLot(tx, lotId);
      await tx.lot.update({ where: { id: lotId }, data: { deletedAt: now } });
      await recordAudit(tx, actor, { action: "lot.delete", targetType: "lot", targetId: lotId, before: { name, deleted: false }, after: { deleted: true } });
    })
    .catch(rethrowRefusal);
  changes.lotChanged(lotId);
  return { ok: true as const };
}

// --- availability and occupancy ---------------------------------------------------

export async function availability(
  { db, clock }: Services,
  input: { lotId: string; from: Date; to: Date; vehicleType?: "car" | "motorcycle" | "van" | undefined },
  now = clock.now(),
) {
  requireValidWindow(input.from, input.to, now, { startsAt: "from", endsAt: "to" });
  await requireLot(db, input.lotId);
  const spots = await freeSpots(db, input.lotId, { from: input.from, to: input.to }, kindsFor(input.vehicleType), now);
  return { available: spots.length, spots: spots.map((spot) => ({ ...spot, status: "available" as const })) };
}

type StatusCounts = { capacity: number; available: number; occupied: number; reserved: number; outOfService: number };

function tally(spots: SpotRow[]): StatusCounts {
  const counts = { capacity: spots.length, available: 0, occupied: 0, reserved: 0, outOfService: 0 };
  for (const spot of spots) {
    if (spot.status === "out_of_service") counts.outOfService++;
    else counts[spot.status]++;
  }
  return counts;
}

export async function occupancy({ db, clock }: Services, lotId: string, now = clock.now()) {
  const lot = await db.lot.findFirst({
    where: { id: lotId, deletedAt: null },
    select: {
      id: true,
      levels: { orderBy: { position: "asc" }, select: { id: true, name: true, rows: { orderBy: { position: "asc" }, select: { id: true, name: true } } } },
    },
  });
  if (!lot) throw notFound("Lot");
  const [listed, atRisk] = await Promise.all([
    listSpots(db, { lotId }, now),
    db.$queryRaw<{ id: string; spotId: string; startsAt: Date; endsAt: Date; occupantPlate: string }[]>(displacedBookingsSql(now, lotId)),
  ]);
  const spots = listed.map(({ sortKey: _key, ...spot }) => spot);
  return {
    lotId,
    at: now,
    // Bookings about to start on a spot whose car has not left, and that no free spot could take.
    atRisk: atRisk.map((r) => ({ reservationId: r.id, spotId: r.spotId, startsAt: r.startsAt, endsAt: r.endsAt, occupantPlate: r.occupantPlate })),
    totals: tally(spots),
    levels: lot.levels.map((level) => ({
      id: level.id,
      name: level.name,
      counts: tally(spots.filter((s) => s.levelId === level.id)),
      rows: level.rows.map((row) => ({ id: row.id, name: row.name, counts: tally(spots.filter((s) => s.rowId === row.id)) })),
    })),
    spots,
  };
}

export interface LiveAvailability {
  /** Spots free at the time asked about. */
  available: number;
  /** The next instant after it when the count can change with nothing written: a claim on one of its spots starts or ends; null when none will. */
  changesAt: Date | null;
}

/**
 * Live subscribers' count, run on every change of a watched lot: a prepared
 * statement straight to the driver, as the booking path's are.
 */
export async function availableNow({ db, clock }: Services, lotId: string, now = clock.now()): Promise<LiveAvailability> {
  const [row] = await db.$sql<LiveAvailability>(liveAvailabilitySql(lotId, now));
  return { available: row?.available ?? 0, changesAt: row?.changesAt ?? null };
}
