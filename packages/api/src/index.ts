export { appRouter, createCaller, type AppRouter } from "./root.ts";
export { bearerToken, createApi, createContextInner, type Api, type ApiDeps, type ApiOptions, type Context, type Logger, type RequestInfo } from "./context.ts";
export { systemClock, type Clock } from "./shared/clock.ts";
export { AppError, appCodes, type AppErrorCode } from "./shared/errors.ts";
export { toTRPCError } from "./wire/errors.ts";
export { wireConfig } from "./wire/config.ts";
export { procedureKinds, type ProcedureKind } from "./wire/kinds.ts";
export { transformer } from "./transformer.ts";
export { createTokenIssuer, type TokenConfig, type TokenIssuer } from "./domains/auth/tokens.ts";
export { addressBucket } from "./shared/client-address.ts";
export { createAuthLimiter, type AuthLimiter, type AuthLimiterOptions } from "./domains/auth/limiter.ts";
export { createAvailabilityHub, type AvailabilityHub, type AvailabilityHubOptions, type AvailabilityUpdate } from "./domains/lots/availability-hub.ts";
export { createSubscriptionSlots, type SubscriptionSlots } from "./shared/subscription-slots.ts";
export type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
export { expireReservations, maintainBookings } from "./domains/reservations/service.ts";
export { reportSummary } from "./domains/reports/service.ts";
// The booking path's statements, for the benchmark's raw-SQL ceiling.
export { bookingPartiesSql, bookSpotSql } from "./domains/reservations/sql.ts";
export { kindsFor } from "./domains/lots/spot-queries.ts";
