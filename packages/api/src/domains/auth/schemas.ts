import { z } from "zod";
import { printableString, text, wellFormedString } from "../../shared/schemas.ts";
import { userOutput } from "../users/schemas.ts";

export const username = z
  .string()
  .trim()
  .min(3, "Username must be 3 to 32 characters")
  .max(32, "Username must be 3 to 32 characters")
  .regex(/^[A-Za-z0-9_.-]+$/, "Username may hold letters, digits, '_', '.' and '-' only");

export const email = z
  .email("Must be a valid email address")
  .max(254)
  .transform((v) => v.toLowerCase());

// Passwords are only ever hashed, never trimmed. A new one must be printable:
// a control character in it is a paste accident the owner could never type
// again. One being checked need only be well formed (its UTF-8 bytes are what
// was hashed), so passwords chosen before this rule still sign in.
export const password = printableString().min(8, "Password must be 8 to 128 characters").max(128, "Password must be 8 to 128 characters");
const currentPassword = (required: string) => wellFormedString().min(1, required).max(128);

export const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()-]{6,20}$/, "Must be a phone number");

export const registerInput = z.strictObject({ username, email, password, phone: phone.optional() });

export const loginInput = z.strictObject({
  login: text(254, { required: "Enter your email or username" }),
  password: currentPassword("Enter your password"),
});

export const refreshInput = z.strictObject({ refreshToken: z.string().min(1).max(200) });

export const changePasswordInput = z.strictObject({
  currentPassword: currentPassword("Enter your current password"),
  newPassword: password,
});

export const authResult = z.object({ user: userOutput, accessToken: z.string(), refreshToken: z.string() });
