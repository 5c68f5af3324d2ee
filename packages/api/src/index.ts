export { appRouter, createCaller, type AppRouter } from "./root.ts";
export { bearerToken, createContextInner, type ApiDeps, type Context, type Logger, type RequestInfo } from "./context.ts";
export { AppError, codeMap, toTRPCError, type AppErrorCode } from "./errors.ts";
export { transformer } from "./transformer.ts";
export { createTokenIssuer, type TokenConfig, type TokenIssuer } from "./services/auth/tokens.ts";
export { addressBucket, createAuthLimiter, type AuthLimiter, type AuthLimiterOptions } from "./services/auth/limiter.ts";
export type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
export { expireReservations } from "./services/reservations/service.ts";
