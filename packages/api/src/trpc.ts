import { initTRPC, TRPCError, type TRPCCombinedDataTransformer } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import type { Context } from "./context.ts";
import { AppError, appCodeOf, appCodes, toTRPCError, type AppErrorCode } from "./errors.ts";
import { readAccount } from "./services/auth/service.ts";
import { transformer } from "./transformer.ts";

const t = initTRPC.context<Context>().create({
  transformer: { input: { serialize: transformer.serialize, deserialize: readInput }, output: transformer } satisfies TRPCCombinedDataTransformer,
  sse: { ping: { enabled: true, intervalMs: 15_000 }, client: { reconnectAfterInactivityMs: 30_000 } },
  errorFormatter({ shape, error, ctx }) {
    const zodError = error.code === "BAD_REQUEST" && error.cause instanceof ZodError ? flatten(error.cause) : null;
    const internal = error.code === "INTERNAL_SERVER_ERROR";
    const malformed = malformedMessageOf(error);
    return {
      ...shape,
      // Internal failures never reach the client in detail: no SQL, no stack.
      message: internal
        ? `Internal server error (request ${ctx?.requestId ?? "unknown"})`
        : zodError
          ? describeIssues(error.cause as ZodError)
          : (malformed ?? shape.message),
      data: {
        code: shape.data.code,
        appCode: malformed ? "MALFORMED_INPUT" : (zodError && ruleCodeOf(error.cause as ZodError)) || appCodeOf(error),
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        requestId: ctx?.requestId ?? null,
        zodError,
      },
    };
  },
});

/**
 * Zod's flattening, with unknown keys reported against the keys themselves.
 * Keys come from the client, so the records have no prototype: "constructor"
 * or "__proto__" is a key like any other, never something inherited.
 */
function flatten(error: ZodError) {
  const formErrors: string[] = [];
  const fieldErrors: Record<string, string[]> = Object.create(null);
  const add = (key: PropertyKey, message: string) => (fieldErrors[String(key)] ??= []).push(message);
  for (const issue of error.issues) {
    if (issue.path.length > 0) add(issue.path[0]!, issue.message);
    else formErrors.push(issue.message);
    if (issue.code === "unrecognized_keys" && issue.path.length === 0) for (const key of issue.keys) add(key, "Unknown field");
  }
  // Own keys on a plain object, as the wire format expects (even "__proto__").
  return { formErrors, fieldErrors: Object.fromEntries(Object.entries(fieldErrors)) };
}

/**
 * The domain code a schema's refinement gave its issues (a reservation window
 * in the past, say), when every issue agrees on one; otherwise none.
 */
function ruleCodeOf(error: ZodError): AppErrorCode | undefined {
  const codes = new Set(error.issues.map((issue) => (issue.code === "custom" ? (issue.params as { appCode?: unknown } | undefined)?.appCode : undefined)));
  const [code] = codes;
  return codes.size === 1 && typeof code === "string" && Object.hasOwn(appCodes, code) ? (code as AppErrorCode) : undefined;
}

function describeIssues(error: ZodError): string {
  const parts = error.issues.slice(0, 5).map((issue) => (issue.path.length > 0 ? `${issue.path.map(String).join(".")}: ${issue.message}` : issue.message));
  return `Invalid input: ${parts.join("; ")}${error.issues.length > 5 ? "; …" : ""}`;
}

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
} as const;

const malformedMessage = (reason: keyof typeof malformedMessages) => `Malformed input: ${malformedMessages[reason]}`;

function malformed(reason: keyof typeof malformedMessages): TRPCError {
  const message = malformedMessage(reason);
  return new TRPCError({ code: "BAD_REQUEST", message, cause: new AppError("MALFORMED_INPUT", message) });
}

// tRPC's own words when a batch's input is not an object; it offers no other way to tell.
const batchNotObject = '"input" needs to be an object when doing a batch call';

/** The message for a failure to read input before validation; null for any other failure. */
function malformedMessageOf(error: TRPCError): string | null {
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
function readInput(value: unknown): unknown {
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

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Domain errors become tRPC errors here, once, for every procedure. */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    throw toTRPCError(result.error.cause);
  }
  return result;
});

export const publicProcedure = t.procedure.use(domainErrors);

export const protectedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  if (!ctx.accessToken) throw new AppError("UNAUTHENTICATED", "Sign in first");
  const claims = await ctx.tokens.verifyAccess(ctx.accessToken);
  // The account is read on every call so that disabling it takes effect at once.
  const found = await readAccount(ctx.db, claims.userId);
  if (!found || found.disabled) throw new AppError("INVALID_TOKEN", "Invalid or expired token");
  const { disabled: _disabled, ...user } = found;
  return next({ ctx: { user } });
});

export const attendantProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== "attendant" && ctx.user.role !== "admin") {
    throw new AppError("FORBIDDEN", "Staff only");
  }
  return next();
});

export const adminProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== "admin") throw new AppError("FORBIDDEN", "Admins only");
  return next();
});
