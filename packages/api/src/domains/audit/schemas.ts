import { z } from "zod";
import { date, id, instant, pageInput, text } from "../../shared/schemas.ts";

export const auditListInput = z
  .strictObject({
    actorId: id.optional(),
    targetType: text(40).optional(),
    targetId: text(64).optional(),
    action: text(60).optional(),
    from: instant.optional(),
    to: instant.optional(),
    ...pageInput,
  })
  .refine((value) => !value.from || !value.to || value.from <= value.to, { message: "Must not be before from", path: ["to"] })
  .prefault({});

const changes = z.record(z.string(), z.unknown());

export const auditEntryOutput = z.object({
  id: z.string(),
  at: date,
  actor: z.object({ id: z.string(), username: z.string() }).nullable(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  /** What people call the target now (a username, a lot's name, a spot's label, a plate); null when it has none or is gone. */
  targetName: z.string().nullable(),
  /** The changed fields as they were, for updates. */
  before: changes.nullable(),
  /** The changed fields as they are now, or what a new record holds. */
  after: changes.nullable(),
  requestId: z.string().nullable(),
});
