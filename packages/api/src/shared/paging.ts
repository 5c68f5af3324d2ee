import { z } from "zod";
import { AppError } from "./errors.ts";
import { isPlainText } from "./schemas.ts";

// Cursors are opaque to clients: the last item's sort key, encoded. Anyone
// can craft one, so every key is validated as strictly as any input, to the
// limits of the column it is compared with: a value the database would refuse
// must be an invalid cursor, never a failed query.

export function encodeCursor(key: unknown): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

export function decodeCursor<T extends z.ZodType>(schema: T, cursor: string | undefined): z.infer<T> | undefined {
  if (cursor === undefined) return undefined;
  try {
    return schema.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
  } catch {
    throw new AppError("INVALID_INPUT", "Invalid cursor");
  }
}

/** Fetch one more than the page size to learn whether another page follows. */
export function toPage<T>(rows: T[], limit: number, keyOf: (item: T) => unknown): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null };
}

/** A position (level, row, spot), compared as INTEGER. */
export const positionKey = z.int32();

/** A name as stored: text a person typed, never altered. */
export const textKey = (max: number) => z.string().max(max).refine(isPlainText);

// Years 1 to 9999: PostgreSQL has no year 0, and `toISOString` writes later
// years in a six-digit form no cursor of ours holds.
const earliest = new Date("0001-01-01T00:00:00.000Z").getTime();
const latest = new Date("9999-12-31T23:59:59.999Z").getTime();

/** An instant exactly as `toISOString` writes it, within PostgreSQL's range. */
export const instantKey = z.string().refine((value) => {
  const time = Date.parse(value);
  return time >= earliest && time <= latest && new Date(time).toISOString() === value;
});

export const createdKey = z.strictObject({ t: instantKey, id: z.uuid() });
