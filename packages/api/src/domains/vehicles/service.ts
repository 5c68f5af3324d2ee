import { dbViolation, type Db, type VehicleType } from "@park/db";
import { AppError } from "../../shared/errors.ts";
import { rethrowRefusal } from "../../shared/refusals.ts";
import type { Services } from "../../shared/services.ts";

const vehicleColumns = { id: true, plate: true, type: true, label: true, createdAt: true } as const;

export function listVehicles(db: Db, userId: string) {
  return db.vehicle.findMany({ where: { userId, retiredAt: null }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: vehicleColumns });
}

export async function createVehicle(db: Db, userId: string, input: { plate: string; type: VehicleType; label?: string | undefined }) {
  try {
    return await db.vehicle.create({ data: { userId, plate: input.plate, type: input.type, label: input.label ?? null }, select: vehicleColumns });
  } catch (error) {
    if (dbViolation(error)?.kind === "unique") throw new AppError("PLATE_TAKEN", `You already have a vehicle with plate ${input.plate}`);
    throw error;
  }
}

/** Loads one of the user's live vehicles or fails with NOT_FOUND. */
export async function requireOwnVehicle(db: Pick<Db, "vehicle">, userId: string, vehicleId: string) {
  const vehicle = await db.vehicle.findFirst({ where: { id: vehicleId, userId, retiredAt: null } });
  if (!vehicle) throw new AppError("NOT_FOUND", "Vehicle not found");
  return vehicle;
}

/**
 * Retires the vehicle; refused while it is parked or booked ahead. The counts
 * only choose the words: the database refuses the retirement, and any booking
 * of it that starts meanwhile, on its own.
 */
export async function removeVehicle({ db, clock }: Services, userId: string, vehicleId: string, now = clock.now()) {
  await db
    .$transaction(async (tx) => {
      await requireOwnVehicle(tx, userId, vehicleId);
      const parked = await tx.parkingSession.count({ where: { vehicleId, status: "active" } });
      if (parked > 0) throw new AppError("VEHICLE_IN_USE", "The vehicle is parked now");
      const booked = await tx.reservation.count({ where: { vehicleId, status: { in: ["confirmed", "checked_in"] }, endsAt: { gt: now } } });
      if (booked > 0) throw new AppError("VEHICLE_IN_USE", "The vehicle has reservations ahead");
      await tx.vehicle.update({ where: { id: vehicleId }, data: { retiredAt: now } });
    })
    .catch(rethrowRefusal);
  return { ok: true as const };
}
