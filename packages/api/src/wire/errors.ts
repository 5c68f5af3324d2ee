// How failures look on the wire: a tRPC code, a stable appCode, field errors
// for invalid input, and nothing internal.
import { TRPCError, type TRPC_ERROR_CODE_KEY as TRPCCode, type TRPCDefaultErrorShape } from "@trpc/server";
import { ZodError } from "zod";
import { AppError, appCodes, type AppErrorCode } from "../shared/errors.ts";
import { malformedMessageOf } from "./input.ts";

/** What `data.appCode` says when the failure did not come from a service: one code for each tRPC code. */
export const fallbackAppCodes = {
  PARSE_ERROR: "MALFORMED_INPUT",
  BAD_REQUEST: "INVALID_INPUT",
  UNPROCESSABLE_CONTENT: "INVALID_INPUT",
  PRECONDITION_FAILED: "INVALID_INPUT",
  PRECONDITION_REQUIRED: "INVALID_INPUT",
  UNSUPPORTED_MEDIA_TYPE: "MALFORMED_INPUT",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  METHOD_NOT_SUPPORTED: "METHOD_NOT_SUPPORTED",
  UNAUTHORIZED: "UNAUTHENTICATED",
  PAYMENT_REQUIRED: "FORBIDDEN",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  TOO_MANY_REQUESTS: "RATE_LIMITED",
  SERVICE_UNAVAILABLE: "UNAVAILABLE",
  TIMEOUT: "UNAVAILABLE",
  GATEWAY_TIMEOUT: "UNAVAILABLE",
  CLIENT_CLOSED_REQUEST: "UNAVAILABLE",
  INTERNAL_SERVER_ERROR: "INTERNAL",
  NOT_IMPLEMENTED: "INTERNAL",
  BAD_GATEWAY: "INTERNAL",
} as const satisfies Record<TRPCCode, AppErrorCode>;

export function toTRPCError(error: AppError): TRPCError {
  return new TRPCError({ code: appCodes[error.code].status, message: error.message, cause: error });
}

/** The stable domain code a client branches on. */
export function appCodeOf(error: TRPCError): AppErrorCode {
  if (error.cause instanceof AppError) return error.cause.code;
  return fallbackAppCodes[error.code];
}

/** The error shape every procedure answers with. */
export function formatError({ shape, error, ctx }: { shape: TRPCDefaultErrorShape; error: TRPCError; ctx: { requestId: string } | undefined }) {
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
      appCode: malformed ? ("MALFORMED_INPUT" as const) : (zodError && ruleCodeOf(error.cause as ZodError)) || appCodeOf(error),
      httpStatus: shape.data.httpStatus,
      path: shape.data.path,
      requestId: ctx?.requestId ?? null,
      zodError,
    },
  };
}

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
