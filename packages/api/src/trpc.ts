import { initTRPC } from "@trpc/server";
import { ZodError, z } from "zod";
import type { Context } from "./context.ts";
import { AppError, appCodeOf, toTRPCError } from "./errors.ts";
import { readAccount } from "./services/auth/service.ts";
import { transformer } from "./transformer.ts";

const t = initTRPC.context<Context>().create({
  transformer,
  sse: { ping: { enabled: true, intervalMs: 15_000 }, client: { reconnectAfterInactivityMs: 30_000 } },
  errorFormatter({ shape, error, ctx }) {
    const zodError = error.code === "BAD_REQUEST" && error.cause instanceof ZodError ? flatten(error.cause) : null;
    const internal = error.code === "INTERNAL_SERVER_ERROR";
    return {
      ...shape,
      // Internal failures never reach the client in detail: no SQL, no stack.
      message: internal
        ? `Internal server error (request ${ctx?.requestId ?? "unknown"})`
        : zodError
          ? describeIssues(error.cause as ZodError)
          : shape.message,
      data: {
        code: shape.data.code,
        appCode: appCodeOf(error),
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        requestId: ctx?.requestId ?? null,
        zodError,
      },
    };
  },
});

/** Zod's flattening, with unknown keys reported against the keys themselves. */
function flatten(error: ZodError) {
  const flat = z.flattenError(error) as { formErrors: string[]; fieldErrors: Record<string, string[] | undefined> };
  for (const issue of error.issues) {
    if (issue.code !== "unrecognized_keys" || issue.path.length > 0) continue;
    for (const key of issue.keys) (flat.fieldErrors[key] ??= []).push("Unknown field");
  }
  return flat;
}

function describeIssues(error: ZodError): string {
  const parts = error.issues.slice(0, 5).map((issue) => (issue.path.length > 0 ? `${issue.path.join(".")}: ${issue.message}` : issue.message));
  return `Invalid input: ${parts.join("; ")}${error.issues.length > 5 ? "; …" : ""}`;
}

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

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
