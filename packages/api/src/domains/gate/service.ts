import { recordAudit } from "../../shared/audit.ts";
import { notFound } from "../../shared/errors.ts";
import { requireLot } from "../lots/service.ts";
import { minutesAfter, windowRules } from "../reservations/window.ts";
import { checkIn, finishSession, parkNow, sessionConflict, toSession } from "../sessions/service.ts";
import type { Services } from "../../shared/services.ts";
import type { Viewer } from "../../shared/viewer.ts";

/**
 * A vehicle arrives at a gate. A plate with a reservation in this lot that is
 * open for check-in is checked in; any other plate parks as a walk-up.
 */
export async function gateEnter({ db, changes, clock }: Services, actor: Viewer, input: { lotId: string; plate: string }, now = clock.now()) {
  const session = await db
    .$transaction(async (tx) => {
      await requireLot(tx, input.lotId);
      const reservation = await tx.reservation.findFirst({
        where: {
          lotId: input.lotId,
          status: "confirmed",
          vehicle: { plate: input.plate },
          endsAt: { gt: now },
          startsAt: { lte: minutesAfter(now, windowRules.checkInEarlyMinutes) },
        },
        include: { vehicle: { select: { id: true, userId: true, type: true } } },
        orderBy: { startsAt: "asc" },
      });
      const session = reservation
        ? await checkIn(tx, reservation, { ...reservation.vehicle, plate: input.plate }, "gate", now)
        : await parkNow(tx, { lotId: input.lotId, plate: input.plate, userId: null, vehicleId: null, vehicleType: "car", source: "gate" }, now);
      await recordAudit(tx, actor, { action: "gate.enter", targetType: "session", targetId: session.id, after: { plate: input.plate } });
      return session;
    })
    .catch(sessionConflict);
  changes.lotChanged(session.lotId);
  return toSession(session);
}

export async function gateExit({ db, changes, clock }: Services, actor: Viewer, input: { lotId: string; plate: string }, now = clock.now()) {
  const session = await db.$transaction(async (tx) => {
    const active = await tx.parkingSession.findFirst({ where: { lotId: input.lotId, plate: input.plate, status: "active" }, select: { id: true } });
    if (!active) throw notFound("Active session for that plate");
    const ended = await finishSession(tx, active.id, now);
    await recordAudit(tx, actor, {
      action: "gate.exit",
      targetType: "session",
      targetId: ended.id,
      after: { plate: input.plate, amountCents: ended.amountCents },
    });
    return ended;
  });
  changes.lotChanged(session.lotId);
  return toSession(session);
}
