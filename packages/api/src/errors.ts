import { TRPCError } from "@trpc/server";

type TRPCCode = TRPCError["code"];

/**
 * Every failure a service means to report. The code says what went wrong in
 * the domain's words; `codeMap` decides what a client sees.
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
  INVALID_INPUT: "BAD_REQUEST",
  RATE_LIMITED: "TOO_MANY_REQUESTS",
} as const satisfies Record<string, TRPCCode>;

export type AppErrorCode = keyof typeof codeMap;

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
