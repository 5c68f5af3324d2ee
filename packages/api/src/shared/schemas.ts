import { z } from "zod";

export const id = z.uuid({ error: "Must be a valid id" });

export const okOutput = z.object({ ok: z.literal(true) });

// Control characters (C0, DEL, C1) are never typed on purpose, and PostgreSQL
// refuses NUL outright. Half of a surrogate pair cannot be encoded as UTF-8 at
// all: the driver would silently store U+FFFD instead of what was sent.
const wellFormed = (value: string) => !/\p{Cs}/u.test(value);
const withoutControls = (value: string) => !/\p{Cc}/u.test(value);
const brokenMessage = "Contains a broken character (half of a surrogate pair)";
const controlMessage = "Must not contain control characters";

/** Whether a string could have been typed by a person and stored as it is. */
export const isPlainText = (value: string) => wellFormed(value) && withoutControls(value);

/** A string that survives UTF-8 unchanged; nothing else is asked of it. */
export const wellFormedString = () => z.string().refine(wellFormed, brokenMessage);

/** A string without control characters that survives UTF-8 unchanged. */
export const printableString = () => wellFormedString().refine(withoutControls, controlMessage);

/**
 * Every free-text field people fill in: trimmed (so a pasted trailing newline
 * is no error), 1 to `max` characters, printable and well formed.
 */
export function text(max: number, { required = "Required" }: { required?: string } = {}) {
  return z.string().trim().min(1, required).max(max, `At most ${max} characters`).refine(wellFormed, brokenMessage).refine(withoutControls, controlMessage);
}

/**
 * Whole amounts and counts (money in minor units, minutes, spots, page sizes).
 * -0 passes `int()` and `min(0)` but is no amount of anything: refused, so
 * that it never reaches prices or storage as a distinct value.
 */
export function wholeNumber(min: number, max: number, messages: { int?: string; min?: string; max?: string } = {}) {
  return z
    .number()
    .int(messages.int ?? "Must be a whole number")
    .min(min, messages.min ?? `At least ${min}`)
    .max(max, messages.max ?? `At most ${max}`)
    .refine((v) => !Object.is(v, -0), "Must not be negative zero");
}

/**
 * Pages are `{ items, nextCursor }`; inputs `{ cursor?, limit? }`. A cursor
 * holds the last item's sort key, which may be a 120-character name of
 * multi-byte characters: it is allowed the length that needs.
 */
export const pageInput = {
  cursor: z.string().max(1024).optional(),
  limit: wholeNumber(1, 100).default(20),
};

/**
 * A point in time. tRPC carries it as a Date (superjson); REST and the OpenAPI
 * document as an ISO-8601 string, which the format tells them apart by.
 */
export const date = z.date({ error: "Must be a date" }).meta({ format: "date-time" });

/** A point in time a filter may name: within what the database and every client can represent. */
export const instant = date
  .min(new Date("1970-01-01T00:00:00.000Z"), "Must be in 1970 or later")
  .max(new Date("9999-12-31T23:59:59.999Z"), "Must be before the year 10000");

/** Money in whole minor units of its currency. */
export const cents = (max: number) => wholeNumber(0, max, { int: "Whole minor units only", min: "Must not be negative", max: "Too large" });

export const byId = z.strictObject({ id });
export const byLot = z.strictObject({ lotId: id });
export const byLevel = z.strictObject({ levelId: id });

export const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });
