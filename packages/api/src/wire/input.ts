// Reading a call's input off the wire, before any schema sees it.
import { TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import { AppError } from "../shared/errors.ts";

// --- input that cannot be read ------------------------------------------------
//
// Whatever fails before validation (JSON syntax, a body that is not a superjson
// envelope, superjson refusing it) answers one fixed message per reason and
// the appCode MALFORMED_INPUT, never the message of whatever threw.

const malformedMessages = {
  json: "not valid JSON",
  envelope: 'expected {"json": …, "meta"?: {…}} as the superjson transformer writes it',
  depth: "nested too deeply",
  unreadable: "it could not be read",
  batch: "a batch's input must be an object keyed by call index",
  object: "expected a JSON object",
} as const;

const malformedMessage = (reason: keyof typeof malformedMessages) => `Malformed input: ${malformedMessages[reason]}`;

/** The failure to read input for `reason`: BAD_REQUEST, appCode MALFORMED_INPUT. */
export function malformed(reason: keyof typeof malformedMessages): TRPCError {
  const message = malformedMessage(reason);
  return new TRPCError({ code: "BAD_REQUEST", message, cause: new AppError("MALFORMED_INPUT", message) });
}

// tRPC's own words when a batch's input is not an object; it offers no other way to tell.
const batchNotObject = '"input" needs to be an object when doing a batch call';

/** The message for a failure to read input before validation; null for any other failure. */
export function malformedMessageOf(error: TRPCError): string | null {
  if (error.code !== "BAD_REQUEST") return null;
  const cause: unknown = error.cause;
  if (cause instanceof AppError) return cause.code === "MALFORMED_INPUT" ? cause.message : null;
  if (cause instanceof ZodError) return null;
  // JSON.parse in tRPC's adapter, or anything else that threw while the body was read.
  if (cause instanceof SyntaxError) return malformedMessage("json");
  if (cause !== undefined) return malformedMessage("unreadable");
  return error.message === batchNotObject ? malformedMessage("batch") : null;
}

/** Deeper than any input a procedure takes, by far. */
const maxInputDepth = 64;

/** Whether a parsed JSON value nests deeper than `limit`, found without recursion. */
function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== "object") continue;
    if (depth > limit) return true;
    for (const child of Object.values(node)) if (child !== null && typeof child === "object") stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * Reads a call's input off the wire. Too-deep input never reaches superjson,
 * whose walk of `meta` recurses. The value was just parsed from JSON, so it is
 * read in place: copying it would turn an own "__proto__" key into a prototype.
 */
export function readInput(value: unknown): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw malformed("envelope");
  if (Object.keys(value).some((key) => key !== "json" && key !== "meta")) throw malformed("envelope");
  const { meta } = value as { meta?: unknown };
  if (meta !== undefined && (meta === null || typeof meta !== "object" || Array.isArray(meta))) throw malformed("envelope");
  if (nestsDeeperThan(value, maxInputDepth)) throw malformed("depth");
  try {
    return superjson.deserialize(value as Parameters<typeof superjson.deserialize>[0], { inPlace: true });
  } catch {
    throw malformed("unreadable");
  }
}
