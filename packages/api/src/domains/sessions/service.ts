import type { Prisma } from "@park/db";
import { dbViolation, type Db, type PaymentMethod, type ReservationStatus, type SpotKind, type VehicleType } from "@park/db";
import { AppError, notFound } from "../../shared/errors.ts";
import { rethrowRefusal } from "../../shared/refusals.ts";
import { lockLot } from "../lots/lock.ts";
import { requireLot } from "../lots/service.ts";
import { freeSpots, kindsFor, nextClaimStart, parkableSpots } from "../lots/spot-queries.ts";
import { createdKey, decodeCursor, toPage } from "../../shared/paging.ts";
import { sessionAmount } from "../pricing/pricing.ts";
import { effectiveStatus } from "../reservations/service.ts";
import { spotPlace, toSpotPlace } from "../structure/place.ts";
import type { Viewer } from "../../shared/viewer.ts";
import { canCheckIn, windowRules } from "../reservations/window.ts";
import { requireOwnVehicle } from "../vehicles/service.ts";
import type { Services } from "../../shared/services.ts";
import { recordAudit } from "../../shared/audit.ts";
import { enqueue } from "../notifications/enqueue.ts";

export const sessionInclude = {
  lot: { select: { id: true, name: true } },
  spot: spotPlace,
} as const;

type SessionRecord = Prisma.ParkingSessionGetPayload<{ include: typeof sessionInclude }>;

export function toSession(s: SessionRecord) {
  return {
    id: s.id,
    status: s.status,
    lot: s.lot,
    spot: toSpotPlace(s.spot),
    plate: s.plate,
    userId: s.userId,
    startedAt: s.startedAt,
    endedAt: s.endedAt,
    reservationId: s.reservationId,
    amountCents: s.amountCents,
    currency: s.currency,
    paymentStatus: s.paymentStatus,
  };
}

/** Unique and overlap violations of a new session, in the driver's words. */
export function sessionConflict(error: unknown): never {
  const violation = dbViolation(error);
  if (violation?.kind === "unique" && violation.constraint === "sessions_plate_active_key") {
    throw new AppError("VEHICLE_PARKED", "This vehicle is already parked");
  }
  if (violation?.kind === "unique" && violation.constraint === "sessions_spot_id_active_key") {
    throw new AppError("SPOT_TAKEN", "That spot is still occupied");
  }
  if (violation?.kind === "overlap") throw new AppError("SPOT_TAKEN", "That spot is booked");
  rethrowRefusal(error);
}

interface NewSession {
  lotId: string;
  plate: string;
  userId: string | null;
  vehicleId: string | null;
  vehicleType: "car" | "motorcycle" | "van" | undefined;
  spotId?: string | undefined;
  source: "app" | "gate";
}

/**
 * Parks without a reservation: the given spot, or the best one free now. A
 * spot booked later is claimed only until that booking starts, and only if
 * that leaves the car at least the walk-up minimum.
 */
export async function parkNow(tx: Prisma.TransactionClient, input: NewSession, now: Date) {
  const lot = await requireLot(tx, input.lotId);
  const kinds = kindsFor(input.vehicleType);
  // Named or not, the spot's claim meets bookings' claims in one exclusion
  // constraint: two claims inserted at once without the lot's lock can each wait
  // on the other there, which the database ends as a deadlock.
  await lockLot(tx, lot.id);
  const [spot] = await parkableSpots(tx, lot.id, now, kinds, { spotId: input.spotId });
  if (!spot) throw input.spotId ? await whyNotParkable(tx, lot.id, input.spotId, kinds) : new AppError("LOT_FULL", "The lot is full");
  return tx.parkingSession.create({
    data: {
      lotId: lot.id,
      spotId: spot.id,
      plate: input.plate,
      userId: input.userId,
      vehicleId: input.vehicleId,
      source: input.source,
      currency: lot.currency,
      startedAt: now,
      holdUntil: spot.nextHoldAt,
    },
    include: sessionInclude,
  });
}

/** Why a spot asked for by id cannot take a car now, read after the fact so it names the latest state. */
async function whyNotParkable(tx: Prisma.TransactionClient, lotId: string, spotId: string, kinds: SpotKind[]): Promise<AppError> {
  const spot = await tx.spot.findFirst({ where: { id: spotId, lotId, retiredAt: null }, select: { kind: true, outOfService: true } });
  if (!spot) return notFound("Spot");
  if (!kinds.includes(spot.kind)) return new AppError("INVALID_INPUT", `That vehicle cannot use a ${spot.kind} spot`);
  if (spot.outOfService) return new AppError("SPOT_OUT_OF_SERVICE", "That spot is out of service");
  return new AppError("SPOT_TAKEN", "That spot is taken or booked soon");
}

/**
 * Checks in to a confirmed reservation from `checkInEarlyMinutes` before its start until
 * its end. From check-in the session claims the spot, from now until the next
 * claim after the reservation's end: the reserved spot when nothing else
 * claims it before then (an early arrival may find it still booked, an
 * overstaying car may still stand on it), otherwise the best spot free from
 * now to the end, which the reservation moves to.
 */
export async function checkIn(
  tx: Prisma.TransactionClient,
  reservation: { id: string; lotId: string; spotId: string; startsAt: Date; endsAt: Date; status: ReservationStatus },
  vehicle: { id: string | null; plate: string; userId: string | null; type: VehicleType },
  source: "app" | "gate",
  now: Date,
) {
  // The lot's lock comes before any row lock, as everywhere else.
  await lockLot(tx, reservation.lotId);
  const status = effectiveStatus(reservation, now);
  if (status !== "confirmed") throw new AppError("RESERVATION_NOT_CONFIRMED", `A ${status} reservation cannot be checked into`);
  if (!canCheckIn(reservation, now))
    throw new AppError("CHECK_IN_TOO_EARLY", `Check-in opens ${windowRules.checkInEarlyMinutes} minutes before the reservation starts`);
  // Checked in, the reservation's own claim gives way to the session's.
  const { count } = await tx.reservation.updateMany({ where: { id: reservation.id, status: "confirmed" }, data: { status: "checked_in" } });
  if (count !== 1) throw new AppError("RESERVATION_NOT_CONFIRMED", "The reservation changed meanwhile");
  const free = await freeSpots(tx, reservation.lotId, { from: now, to: reservation.endsAt }, kindsFor(vehicle.type), now);
  const spot = free.find((candidate) => candidate.id === reservation.spotId) ?? free[0];
  if (!spot) {
    throw now < reservation.startsAt
      ? new AppError("CHECK_IN_TOO_EARLY", "Your spot is still booked before your reservation starts and no other spot is free; check in when it starts")
      : new AppError("SPOT_TAKEN", "The reserved spot is still occupied and no other spot is free");
  }
  if (spot.id !== reservation.spotId) await tx.reservation.update({ where: { id: reservation.id }, data: { spotId: spot.id } });
  const lot = await tx.lot.findUniqueOrThrow({ where: { id: reservation.lotId }, select: { currency: true } });
  return tx.parkingSession.create({
    data: {
      lotId: reservation.lotId,
      spotId: spot.id,
      reservationId: reservation.id,
      plate: vehicle.plate,
      userId: vehicle.userId,
      vehicleId: vehicle.id,
      source,
      currency: lot.currency,
      startedAt: now,
      holdUntil: await nextClaimStart(tx, spot.id, now),
    },
    include: sessionInclude,
  });
}

export async function startSession(
  { db, changes, clock }: Services,
  userId: string,
  input: { lotId: string; vehicleId: string; reservationId?: string | undefined; spotId?: string | undefined },
  now = clock.now(),
) {
  const session = await db
    .$transaction(async (tx) => {
      const vehicle = await requireOwnVehicle(tx, userId, input.vehicleId);
      if (input.reservationId) {
        const reservation = await tx.reservation.findFirst({ where: { id: input.reservationId, userId } });
        if (!reservation || reservation.lotId !== input.lotId) throw notFound("Reservation");
        if (input.spotId && input.spotId !== reservation.spotId) throw new AppError("INVALID_INPUT", "The reservation is for another spot");
        return checkIn(tx, reservation, { id: vehicle.id, plate: vehicle.plate, userId, type: vehicle.type }, "app", now);
      }
      return parkNow(
        tx,
        { lotId: input.lotId, plate: vehicle.plate, userId, vehicleId: vehicle.id, vehicleType: vehicle.type, spotId: input.spotId, source: "app" },
        now,
      );
    })
    .catch(sessionConflict);
  changes.lotChanged(session.lotId);
  return toSession(session);
}

/** Ends an active session and prices it; the reservation, if any, completes. */
export async function finishSession(tx: Prisma.TransactionClient, sessionId: string, now: Date) {
  const session = await tx.parkingSession.findUniqueOrThrow({
    where: { id: sessionId },
    include: { lot: true, reservation: { select: { id: true, endsAt: true, amountCents: true } } },
  });
  if (session.status !== "active") throw new AppError("SESSION_ENDED", "The session has already ended");
  const amountCents = sessionAmount(session.lot, { startedAt: session.startedAt, endedAt: now }, session.reservation);
  const { count } = await tx.parkingSession.updateMany({
    where: { id: sessionId, status: "active" },
    data: { status: "completed", endedAt: now, amountCents, paymentStatus: amountCents === 0 ? "waived" : "unpaid" },
  });
  if (count !== 1) throw new AppError("SESSION_ENDED", "The session has already ended");
  if (session.reservationId) await tx.reservation.update({ where: { id: session.reservationId }, data: { status: "completed" } });
  if (session.userId) {
    const user = await tx.user.findUniqueOrThrow({ where: { id: session.userId }, select: { email: true } });
    await enqueue(tx, { kind: "session.receipt", userId: session.userId, recipient: user.email, payload: { sessionId } });
  }
  return tx.parkingSession.findUniqueOrThrow({ where: { id: sessionId }, include: sessionInclude });
}

/** The viewer's own session (staff: any), or NOT_FOUND. */
async function requireSession(db: Pick<Db, "parkingSession">, viewer: Viewer, id: string) {
  const session = await db.parkingSession.findFirst({
    where: { id, ...(viewer.role === "user" ? { userId: viewer.id } : {}) },
    select: { id: true, userId: true },
  });
  if (!session) throw notFound("Session");
  return session;
}

export async function endSession({ db, changes, clock }: Services, viewer: Viewer, id: string, now = clock.now()) {
  const session = await db.$transaction(async (tx) => {
    const owned = await requireSession(tx, viewer, id);
    const ended = await finishSession(tx, id, now);
    if (owned.userId !== viewer.id) {
      await recordAudit(tx, viewer, {
        action: "session.end",
        targetType: "session",
        targetId: id,
        before: { status: "active" },
        after: { status: "completed", amountCents: ended.amountCents },
      });
    }
    return ended;
  });
  changes.lotChanged(session.lotId);
  return toSession(session);
}

export async function paySession(db: Db, viewer: Viewer, input: { id: string; method: PaymentMethod }) {
  const session = await db.$transaction(async (tx) => {
    await requireSession(tx, viewer, input.id);
    const current = await tx.parkingSession.findUniqueOrThrow({ where: { id: input.id } });
    if (current.status !== "completed") throw new AppError("SESSION_NOT_ENDED", "End the session before paying");
    if (current.paymentStatus !== "unpaid") throw new AppError("SESSION_SETTLED", `The session is already ${current.paymentStatus}`);
    const { count } = await tx.parkingSession.updateMany({ where: { id: input.id, paymentStatus: "unpaid" }, data: { paymentStatus: "paid" } });
    if (count !== 1) throw new AppError("SESSION_SETTLED", "The session is already paid");
    await tx.payment.create({
      data: {
        sessionId: input.id,
        lotId: current.lotId,
        userId: current.userId,
        amountCents: current.amountCents ?? 0,
        currency: current.currency,
        method: input.method,
      },
    });
    if (current.userId !== viewer.id) {
      await recordAudit(tx, viewer, {
        action: "session.pay",
        targetType: "session",
        targetId: input.id,
        before: { paymentStatus: "unpaid" },
        after: { paymentStatus: "paid", amountCents: current.amountCents, currency: current.currency, method: input.method },
      });
    }
    return tx.parkingSession.findUniqueOrThrow({ where: { id: input.id }, include: sessionInclude });
  });
  return toSession(session);
}

export async function listSessions(
  db: Db,
  viewer: Viewer,
  input: { active?: boolean | undefined; lotId?: string | undefined; userId?: string | undefined; cursor?: string | undefined; limit: number },
) {
  const staff = viewer.role !== "user";
  const after = decodeCursor(createdKey, input.cursor);
  const where: Prisma.ParkingSessionWhereInput = {
    AND: [
      staff ? (input.userId ? { userId: input.userId } : {}) : { userId: viewer.id },
      staff && input.lotId ? { lotId: input.lotId } : {},
      input.active === undefined ? {} : { status: input.active ? "active" : "completed" },
      after ? { OR: [{ createdAt: { lt: new Date(after.t) } }, { createdAt: new Date(after.t), id: { lt: after.id } }] } : {},
    ],
  };
  const rows = await db.parkingSession.findMany({ where, include: sessionInclude, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: input.limit + 1 });
  const page = toPage(rows, input.limit, (s) => ({ t: s.createdAt.toISOString(), id: s.id }));
  return { items: page.items.map(toSession), nextCursor: page.nextCursor };
}
