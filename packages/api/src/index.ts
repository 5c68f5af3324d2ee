export { appRouter, createCaller, type AppRouter } from "./root.ts";
export { bearerToken, createContextInner, type ApiDeps, type Context, type Logger, type RequestInfo } from "./context.ts";
export { AppError, codeMap, toTRPCError, type AppErrorCode } from "./errors.ts";
export { transformer } from "./transformer.ts";
export { createTokenIssuer, type TokenConfig, type TokenIssuer } from "./services/auth/tokens.ts";
export { createAvailabilityHub, type AvailabilityHub, type AvailabilityHubOptions, type AvailabilityUpdate } from "./services/lots/availability-hub.ts";
export { createSubscriptionSlots, type SubscriptionSlots } from "./services/subscriptions/slots.ts";
export { addressBucket, createAuthLimiter, type AuthLimiter, type AuthLimiterOptions } from "./services/auth/limiter.ts";
export type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
export { expireReservations, maintainBookings } from "./services/reservations/service.ts";
// The booking path's statements, for the benchmark's raw-SQL ceiling.
export { bookingPartiesSql, bookSpotSql } from "./services/reservations/sql.ts";
export { kindsFor } from "./services/lots/spot-queries.ts";
