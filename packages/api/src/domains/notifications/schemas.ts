import { z } from "zod";
import { byId, date, pageInput } from "../../shared/schemas.ts";

export const mailStatus = z.enum(["pending", "sent", "dead"]);

export const mailListInput = z.strictObject({ status: mailStatus.optional(), ...pageInput }).prefault({});

export const mailRetryInput = byId;

/** One outbox message as the back office sees it; the payload stays inside. */
export const mailMessageOutput = z.object({
  id: z.string(),
  kind: z.string(),
  status: mailStatus,
  recipient: z.string(),
  userId: z.string().nullable(),
  /** Delivery attempts started so far. */
  attempts: z.number(),
  /** Why the latest failed attempt failed; kept after a later success. */
  lastError: z.string().nullable(),
  /** When it is (or was) due: its next attempt while pending. */
  runAt: date,
  /** While a process holds it: until when. */
  lockedUntil: date.nullable(),
  sentAt: date.nullable(),
  createdAt: date,
});
