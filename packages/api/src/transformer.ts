// The one data transformer shared by server, SDK and web: Dates and other
// rich values survive the wire only if every side agrees on it.
import type { DataTransformer } from "@trpc/server";
import superjson from "superjson";

/**
 * Whether a value is already plain JSON (no Date, undefined, Map, BigInt…),
 * in which case superjson would return it unchanged as `{ json: value }`.
 */
function isPlainJson(value: unknown, depth = 0): boolean {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value) && !Object.is(value, -0);
  if (typeof value !== "object" || depth > 32) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (!isPlainJson(item, depth + 1)) return false;
    return true;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  for (const key in value) if (!isPlainJson((value as Record<string, unknown>)[key], depth + 1)) return false;
  return true;
}

/**
 * superjson on the wire, skipping its tree walk for values that need no
 * annotations: most responses carry no Date at all. The output is exactly
 * what superjson itself would produce.
 */
export const transformer: DataTransformer = {
  serialize: (value: unknown) => (isPlainJson(value) ? { json: value } : superjson.serialize(value)),
  deserialize: (value: unknown) => superjson.deserialize(value as Parameters<typeof superjson.deserialize>[0]),
};
