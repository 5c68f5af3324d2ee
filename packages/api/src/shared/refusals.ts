// The database refuses bookings and changes that would break a rule (see the
// guard triggers in the migrations); this names each refusal for clients.
import { dbViolation } from "@park/db";
import { AppError, type AppErrorCode } from "./errors.ts";

/** A unique index said no: a level, row or spot of that name is already there. */
export function uniqueNameConflict(error: unknown, what: string): never {
  if (dbViolation(error)?.kind === "unique") throw new AppError("NAME_TAKEN", `${what} already exists`);
  throw error;
}

const refusals: Record<string, { code: AppErrorCode; message: string }> = {
  PK001: { code: "NOT_FOUND", message: "Lot not found" },
  PK002: { code: "NOT_FOUND", message: "Spot not found" },
  PK003: { code: "SPOT_OUT_OF_SERVICE", message: "That spot is out of service" },
  PK004: { code: "NOT_FOUND", message: "Vehicle not found" },
  PK005: { code: "ACCOUNT_DISABLED", message: "This account is disabled" },
  PK006: { code: "LOT_HAS_ACTIVE_SESSIONS", message: "The lot has cars parked in it" },
  PK007: { code: "LOT_HAS_BOOKINGS", message: "The lot has reservations ahead" },
  PK008: { code: "SPOT_IN_USE", message: "A spot to remove is occupied or booked" },
  PK009: { code: "SPOT_OCCUPIED", message: "The spot is occupied" },
  PK010: { code: "SPOT_HAS_BOOKINGS", message: "The spot is booked ahead" },
  PK011: { code: "VEHICLE_IN_USE", message: "The vehicle is parked or booked ahead" },
  PK012: { code: "LAST_ADMIN", message: "This is the last active admin" },
};

/** The domain error for a rule the database enforced, or null for any other failure. */
export function refusedByDatabase(error: unknown): AppError | null {
  const violation = dbViolation(error);
  if (violation?.kind !== "rule") return null;
  const refusal = refusals[violation.code];
  return refusal ? new AppError(refusal.code, refusal.message) : null;
}

/** Rethrows a database refusal as its domain error, anything else unchanged. */
export function rethrowRefusal(error: unknown): never {
  throw refusedByDatabase(error) ?? error;
}
