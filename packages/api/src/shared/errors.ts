import type { TRPC_ERROR_CODE_KEY as TRPCCode } from "@trpc/server";

/**
 * Every failure a service means to report. The code says what went wrong in
 * the domain's words and reaches clients as `data.appCode`; `status` is the
 * tRPC code they see beside it, and `meaning` is what the README publishes.
 */
export const appCodes = {
  INVALID_INPUT: {
    status: "BAD_REQUEST",
    meaning: "input failed validation (field errors in `data.zodError`, on REST in `fieldErrors`), or a value the rules refuse",
  },
  MALFORMED_INPUT: {
    status: "BAD_REQUEST",
    meaning:
      "the input could not be read at all: not JSON, not superjson, nested too deeply; on REST also a body that is not a JSON object, or not sent as `application/json`",
  },
  BATCH_TOO_LARGE: { status: "BAD_REQUEST", meaning: "an HTTP batch of more calls than allowed" },
  WINDOW_IN_PAST: { status: "BAD_REQUEST", meaning: "a window that starts more than 5 minutes ago" },
  WINDOW_TOO_FAR_AHEAD: { status: "BAD_REQUEST", meaning: "a window that starts more than 90 days ahead" },
  WINDOW_EMPTY: { status: "BAD_REQUEST", meaning: "a window that ends at or before its start" },
  WINDOW_TOO_LONG: { status: "BAD_REQUEST", meaning: "a reservation longer than 7 days" },
  UNAUTHENTICATED: { status: "UNAUTHORIZED", meaning: "no access token" },
  INVALID_TOKEN: { status: "UNAUTHORIZED", meaning: "a malformed, expired, forged or revoked token, or an account disabled meanwhile" },
  INVALID_CREDENTIALS: { status: "UNAUTHORIZED", meaning: "wrong login or password (also for a disabled account)" },
  ACCOUNT_DISABLED: { status: "UNAUTHORIZED", meaning: "a refresh, or a booking, for an account that is disabled" },
  FORBIDDEN: { status: "FORBIDDEN", meaning: "signed in, but the role may not do this" },
  NOT_FOUND: { status: "NOT_FOUND", meaning: "no such record, or someone else's; on REST also a path that does not exist" },
  USERNAME_TAKEN: { status: "CONFLICT", meaning: "registration with a username already used" },
  EMAIL_TAKEN: { status: "CONFLICT", meaning: "registration with an email already used" },
  NAME_TAKEN: { status: "CONFLICT", meaning: "a level, row or spot named like another in the same place" },
  PLATE_TAKEN: { status: "CONFLICT", meaning: "you already have a vehicle with that plate" },
  CONFLICT: { status: "CONFLICT", meaning: "the change conflicts with the record's current state (when no more specific code applies)" },
  SPOT_TAKEN: { status: "CONFLICT", meaning: "the spot is booked or occupied for an overlapping time" },
  LOT_FULL: { status: "CONFLICT", meaning: "no suitable spot is free for the whole window (or for a walk-up now)" },
  CHECK_IN_TOO_EARLY: { status: "CONFLICT", meaning: "check-in before its window opens, or before the reserved spot is free and no other is" },
  RESERVATION_NOT_CONFIRMED: {
    status: "CONFLICT",
    meaning: "the reservation is cancelled, expired, checked in or completed, so it cannot be cancelled or checked into",
  },
  RESERVATION_STARTED: { status: "CONFLICT", meaning: "a reservation can only be cancelled before it starts" },
  SESSION_ENDED: { status: "CONFLICT", meaning: "the session has already ended" },
  SESSION_NOT_ENDED: { status: "CONFLICT", meaning: "a session is paid after it ends" },
  SESSION_SETTLED: { status: "CONFLICT", meaning: "the session is already paid or waived" },
  VEHICLE_DOUBLE_BOOKED: { status: "CONFLICT", meaning: "the vehicle already has a reservation overlapping the window" },
  VEHICLE_PARKED: { status: "CONFLICT", meaning: "the vehicle (plate) is already parked somewhere" },
  VEHICLE_IN_USE: { status: "CONFLICT", meaning: "a vehicle that is parked or booked ahead cannot be removed" },
  SPOT_OUT_OF_SERVICE: { status: "CONFLICT", meaning: "the spot is out of service" },
  SPOT_OCCUPIED: { status: "CONFLICT", meaning: "an occupied spot cannot go out of service" },
  SPOT_HAS_BOOKINGS: { status: "CONFLICT", meaning: "a spot's bookings ahead could not all move to other spots" },
  SPOT_IN_USE: { status: "CONFLICT", meaning: "shrinking a lot would remove an occupied or booked spot" },
  LOT_HAS_ACTIVE_SESSIONS: { status: "CONFLICT", meaning: "a lot with cars parked cannot be deleted" },
  LOT_HAS_BOOKINGS: { status: "CONFLICT", meaning: "a lot with bookings ahead cannot be deleted" },
  PAYLOAD_TOO_LARGE: { status: "PAYLOAD_TOO_LARGE", meaning: "a request body larger than the server reads" },
  METHOD_NOT_SUPPORTED: { status: "METHOD_NOT_SUPPORTED", meaning: "a query sent as POST or a mutation as GET; on REST, a method the path does not take" },
  MAIL_NOT_DEAD: { status: "CONFLICT", meaning: "only a dead message (out of attempts) can be retried; this one is pending or sent" },
  LAST_ADMIN: { status: "CONFLICT", meaning: "the last active admin cannot be demoted or disabled" },
  RATE_LIMITED: { status: "TOO_MANY_REQUESTS", meaning: "too many attempts; the message says when to try again" },
  TOO_MANY_SUBSCRIPTIONS: {
    status: "TOO_MANY_REQUESTS",
    meaning: "this address already holds `MAX_SUBSCRIPTIONS_PER_CLIENT` live subscriptions; closing one frees its slot",
  },
  UNAVAILABLE: {
    status: "SERVICE_UNAVAILABLE",
    meaning: "the server is stopping, cannot reach a dependency, or its database gave up on a call that met a conflicting one; try again shortly",
  },
  INTERNAL: { status: "INTERNAL_SERVER_ERROR", meaning: "a fault of ours, logged with the request id; the message hides the details" },
} as const satisfies Record<string, { status: TRPCCode; meaning: string }>;

export type AppErrorCode = keyof typeof appCodes;

export const notFound = (what: string) => new AppError("NOT_FOUND", `${what} not found`);

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
