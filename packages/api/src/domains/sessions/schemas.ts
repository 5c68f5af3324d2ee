import { z } from "zod";
import { date, id, pageInput } from "../../shared/schemas.ts";
import { spotPlaceOutput } from "../structure/schemas.ts";

export const sessionStartInput = z.strictObject({ lotId: id, vehicleId: id, reservationId: id.optional(), spotId: id.optional() });
export const sessionPayInput = z.strictObject({ id, method: z.enum(["card", "cash", "wallet"]) });
export const sessionListInput = z.strictObject({ active: z.boolean().optional(), lotId: id.optional(), userId: id.optional(), ...pageInput }).prefault({});

export const sessionOutput = z.object({
  id: z.string(),
  status: z.enum(["active", "completed"]),
  lot: z.object({ id: z.string(), name: z.string() }),
  spot: spotPlaceOutput,
  plate: z.string(),
  userId: z.string().nullable(),
  startedAt: date,
  endedAt: date.nullable(),
  reservationId: z.string().nullable(),
  amountCents: z.number().nullable(),
  currency: z.string(),
  paymentStatus: z.enum(["unpaid", "paid", "waived"]),
});
