import { z } from "zod";

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
