import { z } from "zod";

export const id = z.uuid({ error: "Must be a valid id" });

export const roleSchema = z.enum(["user", "attendant", "admin"]);

export const userOutput = z.object({
  id: z.string(),
  username: z.string(),
  email: z.string(),
  role: roleSchema,
  phone: z.string().nullable(),
  createdAt: z.date(),
});
export type UserOutput = z.infer<typeof userOutput>;

export const okOutput = z.object({ ok: z.literal(true) });

/** Pages are `{ items, nextCursor }`; inputs `{ cursor?, limit? }`. */
export const pageInput = {
  cursor: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(100).default(20),
};
