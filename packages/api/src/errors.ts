import { TRPCError } from "@trpc/server";

type TRPCCode = TRPCError["code"];

/**
 * Every failure a service means to report. The code says what went wrong in
 * the domain's words and reaches clients as `data.appCode`; `codeMap`
 * decides the tRPC code they see beside it.
 */
export const codeMap = {
  UNAUTHENTICATED: "UNAUTHORIZED",
  INVALID_CREDENTIALS: "UNAUTHORIZED",
  INVALID_TOKEN: "UNAUTHORIZED",
  ACCOUNT_DISABLED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  USERNAME_TAKEN: "CONFLICT",
  EMAIL_TAKEN: "CONFLICT",
  CONFLICT: "CONFLICT",
  SPOT_TAKEN: "CONFLICT",
  LOT_FULL: "CONFLICT",
  INVALID_STATE: "CONFLICT",
  SPOT_OUT_OF_SERVICE: "CONFLICT",
  SPOT_OCCUPIED: "CONFLICT",
  SPOT_HAS_BOOKINGS: "CONFLICT",
  SPOT_IN_USE: "CONFLICT",
  LOT_HAS_ACTIVE_SESSIONS: "CONFLICT",
  LOT_HAS_BOOKINGS: "CONFLICT",
  VEHICLE_IN_USE: "CONFLICT",
  VEHICLE_DOUBLE_BOOKED: "CONFLICT",
  VEHICLE_PARKED: "CONFLICT",
  CHECK_IN_TOO_EARLY: "CONFLICT",
  INVALID_INPUT: "BAD_REQUEST",
  BATCH_TOO_LARGE: "BAD_REQUEST",
  /** The input could not even be read: not JSON, not the transformer's format, or nested too deeply. */
  MALFORMED_INPUT: "BAD_REQUEST",
  RATE_LIMITED: "TOO_MANY_REQUESTS",
  /** The client already holds as many live subscriptions as one address may. */
  TOO_MANY_SUBSCRIPTIONS: "TOO_MANY_REQUESTS",
} as const satisfies Record<string, TRPCCode>;

export type AppErrorCode = keyof typeof codeMap;

/** What `data.appCode` says when the failure did not come from a service. */
export const fallbackAppCodes = {
  BAD_REQUEST: "INVALID_INPUT",
  UNAUTHORIZED: "UNAUTHENTICATED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  TOO_MANY_REQUESTS: "RATE_LIMITED",
  INTERNAL_SERVER_ERROR: "INTERNAL",
} as const satisfies Partial<Record<TRPCCode, string>>;

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export function toTRPCError(error: AppError): TRPCError {
  return new TRPCError({ code: codeMap[error.code], message: error.message, cause: error });
}

/** The stable domain code a client branches on. */
export function appCodeOf(error: TRPCError): string {
  if (error.cause instanceof AppError) return error.cause.code;
  return (fallbackAppCodes as Partial<Record<TRPCCode, string>>)[error.code] ?? error.code;
}
