// Levels, rows and spots of a lot: listing with live counts, and creation.
import { type SpotKind } from "@park/db";
import { z } from "zod";
import { AppError, notFound } from "../../shared/errors.ts";
import { recordAudit } from "../../shared/audit.ts";
import { rethrowRefusal, uniqueNameConflict } from "../../shared/refusals.ts";
import { decodeCursor, positionKey, toPage } from "../../shared/paging.ts";
import { moveReservation, type MovableReservation } from "../reservations/relocation.ts";
import { lockLot } from "../lots/lock.ts";
import { requireLot } from "../lots/service.ts";
import { countsByRow, listSpots, type SpotStatus } from "../lots/spot-queries.ts";
import type { Services } from "../../shared/services.ts";
import type { Viewer } from "../../shared/viewer.ts";

export async function listLevels({ db, clock }: Services, lotId: string, now = clock.now()) {
  await requireLot(db, lotId);
  const [levels, counts] = await Promise.all([
    db.level.findMany({ where: { lotId }, orderBy: { position: "asc" }, select: { id: true, name: true, rows: { select: { id: true } } } }),
    countsByRow(db, lotId, now),
  ]);
  return levels.map((level) => ({
    id: level.id,
    lotId,
    name: level.name,
    capacity: level.rows.reduce((n, r) => n + (counts.get(r.id)?.capacity ?? 0), 0),
    available: level.rows.reduce((n, r) => n + (counts.get(r.id)?.available ?? 0), 0),
  }));
}

export async function listRows({ db, clock }: Services, levelId: string, now = clock.now()) {
  const level = await db.level.findFirst({ where: { id: levelId, lot: { deletedAt: null } }, select: { lotId: true } });
  if (!level) throw notFound("Level");
  const [rows, counts] = await Promise.all([
    db.row.findMany({ where: { levelId }, orderBy: { position: "asc" }, select: { id: true, name: true } }),
    countsByRow(db, level.lotId, now),
  ]);
  return rows.map((row) => ({ id: row.id, levelId, name: row.name, ...(counts.get(row.id) ?? { capacity: 0, available: 0 }) }));
}

export async function createLevel({ db, changes }: Services, actor: Viewer, input: { lotId: string; name: string }) {
  const level = await db
    .$transaction(async (tx) => {
      await requireLot(tx, input.lotId);
      const last = await tx.level.aggregate({ where: { lotId: input.lotId }, _max: { position: true } });
      const created = await tx.level.create({ data: { lotId: input.lotId, name: input.name, position: (last._max.position ?? -1) + 1 } });
      await recordAudit(tx, actor, { action: "level.create", targetType: "level", targetId: created.id, after: { lotId: input.lotId, name: input.name } });
      return created;
    })
    .catch((error: unknown) => uniqueNameConflict(error, `Level "${input.name}"`));
  changes.lotChanged(level.lotId);
  return { id: level.id, lotId: level.lotId, name: level.name, capacity: 0, available: 0 };
}

export async function createRow(
  { db, changes }: Services,
  actor: Viewer,
  input: { levelId: string; name: string; spots?: number | undefined; kind?: SpotKind | undefined },
) {
  const row = await db
    .$transaction(async (tx) => {
      const level = await tx.level.findFirst({ where: { id: input.levelId, lot: { deletedAt: null } }, select: { lotId: true } });
      if (!level) throw notFound("Level");
      const last = await tx.row.aggregate({ where: { levelId: input.levelId }, _max: { position: true } });
      const created = await tx.row.create({
        data: { lotId: level.lotId, levelId: input.levelId, name: input.name, position: (last._max.position ?? -1) + 1 },
      });
      const count = input.spots ?? 0;
      if (count > 0) {
        await tx.spot.createMany({
          data: Array.from({ length: count }, (_, i) => ({
            lotId: level.lotId,
            levelId: input.levelId,
            rowId: created.id,
            label: String(i + 1),
            position: i + 1,
            kind: input.kind ?? "standard",
          })),
        });
      }
      await recordAudit(tx, actor, {
        action: "row.create",
        targetType: "row",
        targetId: created.id,
        after: { lotId: level.lotId, levelId: input.levelId, name: input.name, spots: count, ...(count > 0 ? { kind: input.kind ?? "standard" } : {}) },
      });
      return created;
    })
    .catch((error: unknown) => uniqueNameConflict(error, `Row "${input.name}"`));
  changes.lotChanged(row.lotId);
  const spots = input.spots ?? 0;
  return { id: row.id, levelId: row.levelId, name: row.name, capacity: spots, available: spots };
}

export async function createSpot({ db, changes }: Services, actor: Viewer, input: { rowId: string; label: string; kind?: SpotKind | undefined }) {
  const spot = await db
    .$transaction(async (tx) => {
      const row = await tx.row.findFirst({ where: { id: input.rowId, lot: { deletedAt: null } }, select: { lotId: true, levelId: true } });
      if (!row) throw notFound("Row");
      const last = await tx.spot.aggregate({ where: { rowId: input.rowId }, _max: { position: true } });
      const created = await tx.spot.create({
        data: { ...row, rowId: input.rowId, label: input.label, kind: input.kind ?? "standard", position: (last._max.position ?? 0) + 1 },
      });
      await recordAudit(tx, actor, {
        action: "spot.create",
        targetType: "spot",
        targetId: created.id,
        after: { lotId: row.lotId, rowId: input.rowId, label: created.label, kind: created.kind },
      });
      return created;
    })
    .catch((error: unknown) => uniqueNameConflict(error, `Spot "${input.label}"`));
  changes.lotChanged(spot.lotId);
  return { id: spot.id, label: spot.label, kind: spot.kind, status: "available" as const, lotId: spot.lotId, levelId: spot.levelId, rowId: spot.rowId };
}

const spotKey = z.strictObject({ level: positionKey, row: positionKey, spot: positionKey, id: z.uuid() });

export async function listSpotsPage(
  { db, clock }: Services,
  input: {
    lotId?: string | undefined;
    levelId?: string | undefined;
    rowId?: string | undefined;
    status?: SpotStatus | undefined;
    cursor?: string | undefined;
    limit: number;
  },
  now = clock.now(),
) {
  const after = decodeCursor(spotKey, input.cursor);
  const rows = await listSpots(db, input, now, { after, limit: input.limit + 1 });
  const page = toPage(rows, input.limit, (spot) => spot.sortKey);
  return { items: page.items.map(({ sortKey: _key, ...spot }) => spot), nextCursor: page.nextCursor };
}

export async function getSpot({ db, clock }: Services, spotId: string, now = clock.now()) {
  const [spot] = await listSpots(db, { spotIds: [spotId] }, now);
  if (!spot) throw notFound("Spot");
  const { sortKey: _key, ...rest } = spot;
  return rest;
}

/**
 * Staff take a spot out of service or back; never while a car stands on it.
 * Bookings ahead on the spot move to other free spots first (their drivers
 * are told); if one cannot move, nothing changes.
 */
export async function setOutOfService(services: Services, actor: Viewer, input: { id: string; outOfService: boolean }, now = services.clock.now()) {
  const { db, changes } = services;
  const lotId = await db
    .$transaction(async (tx) => {
      const spot = await tx.spot.findFirst({ where: { id: input.id, retiredAt: null, lot: { deletedAt: null } }, select: { lotId: true } });
      if (!spot) throw notFound("Spot");
      await lockLot(tx, spot.lotId);
      // Bookings of this spot wait from here until the change commits.
      const [current] = await tx.$queryRaw<{ outOfService: boolean }[]>`
        SELECT out_of_service AS "outOfService" FROM spots WHERE id = ${input.id}::uuid FOR UPDATE`;
      if (input.outOfService && !current!.outOfService) {
        const occupied = await tx.parkingSession.count({ where: { spotId: input.id, status: "active" } });
        if (occupied > 0) throw new AppError("SPOT_OCCUPIED", "The spot is occupied");
        const ahead = await tx.$queryRaw<MovableReservation[]>`
          SELECT r.id, r.lot_id AS "lotId", r.spot_id AS "spotId", r.starts_at AS "startsAt", r.ends_at AS "endsAt",
                 v.type::text AS "vehicleType", s.kind::text AS "spotKind"
          FROM reservations r JOIN vehicles v ON v.id = r.vehicle_id JOIN spots s ON s.id = r.spot_id
          WHERE r.spot_id = ${input.id}::uuid AND r.status = 'confirmed' AND r.ends_at > ${now}::timestamptz
          ORDER BY r.starts_at
          FOR UPDATE OF r`;
        let stuck = 0;
        for (const reservation of ahead) if ((await moveReservation(tx, reservation, now, "out_of_service")) === null) stuck++;
        if (stuck > 0) throw new AppError("SPOT_HAS_BOOKINGS", `${stuck} booking(s) of this spot cannot move to another spot; cancel or wait for them first`);
      }
      await tx.spot.update({ where: { id: input.id }, data: { outOfService: input.outOfService } });
      await recordAudit(tx, actor, {
        action: input.outOfService ? "spot.out_of_service" : "spot.in_service",
        targetType: "spot",
        targetId: input.id,
        before: { outOfService: current!.outOfService },
        after: { lotId: spot.lotId, outOfService: input.outOfService },
      });
      return spot.lotId;
    })
    .catch(rethrowRefusal);
  changes.lotChanged(lotId);
  return getSpot(services, input.id);
}
