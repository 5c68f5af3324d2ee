import { z } from "zod";
import { userOutput } from "./common.ts";

export const username = z
  .string()
  .trim()
  .min(3, "Username must be 3 to 32 characters")
  .max(32, "Username must be 3 to 32 characters")
  .regex(/^[A-Za-z0-9_.-]+$/, "Username may hold letters, digits, '_', '.' and '-' only");

export const email = z.email("Must be a valid email address").max(254).transform((v) => v.toLowerCase());

export const password = z.string().min(8, "Password must be 8 to 128 characters").max(128, "Password must be 8 to 128 characters");

export const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()-]{6,20}$/, "Must be a phone number");

export const registerInput = z.strictObject({ username, email, password, phone: phone.optional() });

export const loginInput = z.strictObject({
  login: z.string().trim().min(1, "Enter your email or username").max(254),
  password: z.string().min(1, "Enter your password").max(128),
});

export const refreshInput = z.strictObject({ refreshToken: z.string().min(1).max(200) });

export const changePasswordInput = z.strictObject({
  currentPassword: z.string().min(1).max(128),
  newPassword: password,
});

export const authResult = z.object({ user: userOutput, accessToken: z.string(), refreshToken: z.string() });
export const tokenPair = authResult;
