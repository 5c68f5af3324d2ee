import { transientDbFailure } from "@park/db";
import { initTRPC } from "@trpc/server";
import type { OpenApiMeta } from "trpc-to-openapi";
import type { Context } from "./context.ts";
import { signedInUser } from "./domains/auth/service.ts";
import { AppError } from "./shared/errors.ts";
import { wireTransformer } from "./wire/config.ts";
import { formatError, toTRPCError } from "./wire/errors.ts";

/**
 * What a procedure may say about itself: `openapi` places it on the REST
 * surface (method, path under /api/v1, tags, summary); see wire/rest.ts.
 */
export type ProcedureMeta = OpenApiMeta;

const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    transformer: wireTransformer,
    sse: { ping: { enabled: true, intervalMs: 15_000 }, client: { reconnectAfterInactivityMs: 30_000 } },
    errorFormatter: formatError,
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * Domain errors become tRPC errors here, once, for every procedure; so does a
 * database that gave up on a call for timing alone, which the caller may send again.
 */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    throw toTRPCError(result.error.cause);
  }
  if (!result.ok && transientDbFailure(result.error.cause)) {
    throw toTRPCError(new AppError("UNAVAILABLE", "The database was busy with a conflicting change; send the request again"));
  }
  return result;
});

export const publicProcedure = t.procedure.use(domainErrors);

export const protectedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const user = await signedInUser(ctx, ctx.accessToken);
  return next({ ctx: { user, viewer: { id: user.id, role: user.role, requestId: ctx.requestId } } });
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
