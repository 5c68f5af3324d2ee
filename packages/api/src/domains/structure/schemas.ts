import { z } from "zod";
import { id, pageInput, text, wholeNumber } from "../../shared/schemas.ts";

export const spotKind = z.enum(["standard", "compact", "ev", "accessible", "motorcycle"]);
export const spotStatus = z.enum(["available", "occupied", "reserved", "out_of_service"]);

export const levelCreateInput = z.strictObject({ lotId: id, name: text(40) });
export const rowCreateInput = z.strictObject({ levelId: id, name: text(40), spots: wholeNumber(0, 500).optional(), kind: spotKind.optional() });
export const spotCreateInput = z.strictObject({
  rowId: id,
  label: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]{1,16}$/, "1 to 16 letters, digits, '_', '.', '-'"),
  kind: spotKind.optional(),
});
export const spotsListInput = z
  .strictObject({ lotId: id.optional(), levelId: id.optional(), rowId: id.optional(), status: spotStatus.optional(), ...pageInput })
  .prefault({});
export const setOutOfServiceInput = z.strictObject({ id, outOfService: z.boolean() });

export const spotOutput = z.object({
  id: z.string(),
  label: z.string(),
  kind: spotKind,
  status: spotStatus,
  lotId: z.string(),
  levelId: z.string(),
  rowId: z.string(),
});

const countsOutput = { capacity: z.number(), available: z.number() };

export const rowOutput = z.object({ id: z.string(), levelId: z.string(), name: z.string(), ...countsOutput });
export const levelOutput = z.object({ id: z.string(), lotId: z.string(), name: z.string(), ...countsOutput });

/** Where a booking is: labels repeat in every row, so level and row names come along. */
export const spotPlaceOutput = z.object({ id: z.string(), label: z.string(), levelName: z.string(), rowName: z.string() });
