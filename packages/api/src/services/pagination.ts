import { z } from "zod";
import { AppError } from "../errors.ts";

// Cursors are opaque to clients: the last item's sort key, encoded.

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

export const createdKey = z.object({ t: z.string().datetime(), id: z.uuid() });
