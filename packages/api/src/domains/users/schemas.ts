import { z } from "zod";
import { date, id, pageInput, text } from "../../shared/schemas.ts";

export const roleSchema = z.enum(["user", "attendant", "admin"]);

export const userOutput = z.object({
  id: z.string(),
  username: z.string(),
  email: z.string(),
  role: roleSchema,
  phone: z.string().nullable(),
  createdAt: date,
});
export type UserOutput = z.infer<typeof userOutput>;

export const usersListInput = z
  .strictObject({
    search: text(100).optional(),
    role: roleSchema.optional(),
    disabled: z.boolean().optional(),
    ...pageInput,
  })
  .prefault({});

export const userUpdateInput = z
  .strictObject({ id, role: roleSchema.optional(), disabled: z.boolean().optional() })
  .refine((value) => value.role !== undefined || value.disabled !== undefined, { message: "Give role or disabled", path: ["role"] });

const spentOutput = z.object({ currency: z.string(), cents: z.number() });

export const adminUserOutput = userOutput.extend({
  disabled: z.boolean(),
  reservations: z.number(),
  sessions: z.number(),
  /** Payments in one currency: their sum; in several, null (see `spent`). */
  spentCents: z.number().nullable(),
  /** Payments per currency, never added across currencies. */
  spent: z.array(spentOutput),
  lastActivityAt: date.nullable(),
});
