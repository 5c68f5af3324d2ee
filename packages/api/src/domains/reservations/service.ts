import type { Prisma } from "@park/db";
import { dbViolation, type Db, type ReservationStatus, type SpotKind } from "@park/db";
import { AppError, notFound } from "../../shared/errors.ts";
import { rethrowRefusal } from "../../shared/refusals.ts";
import { requireLot } from "../lots/service.ts";
import { kindsFor } from "../lots/spot-queries.ts";
import { createdKey, decodeCursor, toPage } from "../../shared/paging.ts";
import { priceWindow } from "../pricing/pricing.ts";
import { spotPlace, toSpotPlace } from "../structure/place.ts";
import type { Viewer } from "../../shared/viewer.ts";
import { extendClaims, relocateDisplacedBookings } from "./relocation.ts";
import { requireValidWindow } from "./window.ts";
import { bookingPartiesSql, bookSpotSql, type Booked, type BookingParties } from "./sql.ts";
import type { Services } from "../../shared/services.ts";
import { recordAudit } from "../../shared/audit.ts";
import { enqueue } from "../notifications/enqueue.ts";

export const reservationInclude = {
  lot: { select: { id: true, name: true } },
  spot: spotPlace,
  vehicle: { select: { id: true, plate: true } },
} as const;

type ReservationRecord = Prisma.ReservationGetPayload<{ include: typeof reservationInclude }>;

/** A confirmed reservation whose end has passed is expired, whether or not the sweep has run. */
export function effectiveStatus(r: { status: ReservationStatus; endsAt: Date }, now = new Date()): ReservationStatus {
  return r.status === "confirmed" && r.endsAt <= now ? "expired" : r.status;
}

export function toReservation(r: ReservationRecord, now = new Date()) {
  return {
    id: r.id,
    status: effectiveStatus(r, now),
    lot: r.lot,
    spot: toSpotPlace(r.spot),
    vehicle: r.vehicle,
    userId: r.userId,
    startsAt: r.startsAt,
    endsAt: r.endsAt,
    amountCents: r.amountCents,
    currency: r.currency,
    createdAt: r.createdAt,
  };
}

export async function quote({ db, clock }: Services, input: { lotId: string; startsAt: Date; endsAt: Date }, now = clock.now()) {
  requireValidWindow(input.startsAt, input.endsAt, now);
  const lot = await requireLot(db, input.lotId);
  return { amountCents: priceWindow(lot, input.startsAt, input.endsAt), currency: lot.currency };
}

const spotTaken = () => new AppError("SPOT_TAKEN", "That spot is already booked for an overlapping time");

/**
 * Books a spot for a window: the given one, or the best one free for the
 * whole window. One read for the lot's tariff and the vehicle, then one
 * statement that picks the spot under the lot's lock (`park_allocate_spot`),
 * inserts the reservation and enqueues its confirmation. The database's
 * guards refuse a lot, spot, vehicle or account retired meanwhile, and its
 * exclusion constraints refuse any overlap.
 */
export async function createReservation(
  { db, changes, clock }: Services,
  userId: string,
  input: { lotId: string; vehicleId: string; startsAt: Date; endsAt: Date; spotId?: string | undefined; spotKind?: SpotKind | undefined },
  now = clock.now(),
) {
  requireValidWindow(input.startsAt, input.endsAt, now);
  const [parties] = await db.$sql<BookingParties>(bookingPartiesSql(userId, input.lotId, input.vehicleId));
  if (!parties?.lotId) throw notFound("Lot");
  if (!parties.vehicleId) throw new AppError("NOT_FOUND", "Vehicle not found");
  const lotId = parties.lotId;
  const kinds = kindsFor(parties.vehicleType, input.spotKind);
  const amountCents = priceWindow(parties, input.startsAt, input.endsAt);
  const [booked] = await db
    .$sql<Booked>(
      bookSpotSql({
        userId,
        lotId,
        vehicleId: parties.vehicleId,
        spotId: input.spotId,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        kinds,
        amountCents,
        currency: parties.currency,
        now,
      }),
    )
    .catch((error: unknown) => {
      const violation = dbViolation(error);
      if (violation?.kind === "overlap" && violation.constraint === "reservations_vehicle_no_overlap") {
        throw new AppError("VEHICLE_DOUBLE_BOOKED", "This vehicle already has a reservation overlapping that window");
      }
      if (violation?.kind === "overlap") throw spotTaken();
      if (violation?.kind === "foreignKey") throw notFound("Lot, spot or vehicle");
      rethrowRefusal(error);
    });
  if (!booked) throw input.spotId ? notFound("Spot") : new AppError("LOT_FULL", "No spot is free for the whole window");
  if (!booked.reservationId || !booked.createdAt) {
    if (booked.occupied) throw new AppError("SPOT_TAKEN", "That spot is occupied now");
    throw new AppError("INVALID_INPUT", `A ${parties.vehicleType} cannot use a ${booked.kind} spot`);
  }
  changes.lotChanged(lotId);
  return {
    id: booked.reservationId,
    status: "confirmed" as const,
    lot: { id: lotId, name: parties.lotName },
    spot: { id: booked.id, label: booked.label, levelName: booked.levelName, rowName: booked.rowName },
    vehicle: { id: parties.vehicleId, plate: parties.plate },
    userId,
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    amountCents,
    currency: parties.currency,
    createdAt: booked.createdAt,
  };
}

async function enqueueReservationMail(tx: Prisma.TransactionClient, kind: "reservation.cancelled", userId: string, reservationId: string) {
  const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } });
  await enqueue(tx, { kind, userId, recipient: user.email, payload: { reservationId } });
}

/** Statuses as clients see them: `expired` and `confirmed` depend on the clock. */
function statusFilter(status: ReservationStatus, now: Date): Prisma.ReservationWhereInput {
  if (status === "expired") return { OR: [{ status: "expired" }, { status: "confirmed", endsAt: { lte: now } }] };
  if (status === "confirmed") return { status: "confirmed", endsAt: { gt: now } };
  return { status };
}

export async function listReservations(
  { db, clock }: Services,
  viewer: Viewer,
  input: { status?: ReservationStatus | undefined; userId?: string | undefined; lotId?: string | undefined; cursor?: string | undefined; limit: number },
  now = clock.now(),
) {
  const admin = viewer.role === "admin";
  const after = decodeCursor(createdKey, input.cursor);
  const where: Prisma.ReservationWhereInput = {
    AND: [
      admin ? (input.userId ? { userId: input.userId } : {}) : { userId: viewer.id },
      admin && input.lotId ? { lotId: input.lotId } : {},
      input.status ? statusFilter(input.status, now) : {},
      after ? { OR: [{ createdAt: { lt: new Date(after.t) } }, { createdAt: new Date(after.t), id: { lt: after.id } }] } : {},
    ],
  };
  const rows = await db.reservation.findMany({ where, include: reservationInclude, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: input.limit + 1 });
  const page = toPage(rows, input.limit, (r) => ({ t: r.createdAt.toISOString(), id: r.id }));
  return { items: page.items.map((r) => toReservation(r, now)), nextCursor: page.nextCursor };
}

/** The viewer's own reservation (admins: any), or NOT_FOUND. */
export async function getReservation(db: Pick<Db, "reservation">, viewer: Viewer, id: string) {
  const reservation = await db.reservation.findFirst({
    where: { id, ...(viewer.role === "admin" ? {} : { userId: viewer.id }) },
    include: reservationInclude,
  });
  if (!reservation) throw notFound("Reservation");
  return reservation;
}

export async function cancelReservation({ db, changes, clock }: Services, viewer: Viewer, id: string, now = clock.now()) {
  const cancelled = await db.$transaction(async (tx) => {
    const reservation = await getReservation(tx, viewer, id);
    if (effectiveStatus(reservation, now) !== "confirmed")
      throw new AppError("RESERVATION_NOT_CONFIRMED", `A ${effectiveStatus(reservation, now).replace("_", " ")} reservation cannot be cancelled`);
    if (reservation.startsAt <= now) throw new AppError("RESERVATION_STARTED", "A reservation can only be cancelled before it starts");
    // Conditional on the status so a concurrent check-in or cancel wins once.
    const { count } = await tx.reservation.updateMany({ where: { id, status: "confirmed" }, data: { status: "cancelled", cancelledAt: now } });
    if (count !== 1) throw new AppError("RESERVATION_NOT_CONFIRMED", "The reservation changed meanwhile");
    await enqueueReservationMail(tx, "reservation.cancelled", reservation.userId, id);
    if (reservation.userId !== viewer.id) {
      await recordAudit(tx, viewer, {
        action: "reservation.cancel",
        targetType: "reservation",
        targetId: id,
        before: { status: "confirmed" },
        after: { status: "cancelled" },
      });
    }
    return tx.reservation.findUniqueOrThrow({ where: { id }, include: reservationInclude });
  });
  // A car parked on the spot until this booking may now stay longer.
  await extendClaims(db, [cancelled.spotId]);
  changes.lotChanged(cancelled.lotId);
  return toReservation(cancelled, now);
}

/** Marks reservations never checked into as expired once their end has passed. */
export async function expireReservations({ db, clock }: Services, now = clock.now()): Promise<number> {
  const { count } = await db.reservation.updateMany({ where: { status: "confirmed", endsAt: { lte: now } }, data: { status: "expired" } });
  return count;
}

/**
 * The periodic upkeep of bookings: expire those never checked into, move
 * those an occupant would block, and let occupants claim what that freed.
 */
export async function maintainBookings(services: Services, now = services.clock.now()) {
  const { db } = services;
  const expired = await expireReservations(services, now);
  const { moved, atRisk } = await relocateDisplacedBookings(services, now);
  const extended = await extendClaims(db);
  return { expired, moved, atRisk, extended };
}
