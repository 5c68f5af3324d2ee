import { z } from "zod";
import { date, text } from "../../shared/schemas.ts";

export const vehicleType = z.enum(["car", "motorcycle", "van"]);

/** Plates are stored upper case without spaces or dashes, 2–12 letters or digits. */
export const plate = z
  .string()
  .max(32, "Not a licence plate")
  .transform((v) => v.toUpperCase().replace(/[\s-]/g, ""))
  .refine((v) => /^[A-Z0-9]{2,12}$/.test(v), "A plate is 2 to 12 letters or digits");

export const vehicleCreateInput = z.strictObject({ plate, type: vehicleType.default("car"), label: text(60).optional() });

export const vehicleOutput = z.object({ id: z.string(), plate: z.string(), type: vehicleType, label: z.string().nullable(), createdAt: date });
