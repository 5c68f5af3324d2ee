import type { Db } from "@park/db";
import { RateLimiterPrisma } from "rate-limiter-flexible";
import { AppError } from "../../errors.ts";

export interface LoginLimiter {
  /** Throws `RATE_LIMITED` while the login has used up its failures. */
  assertAllowed(login: string): Promise<void>;
  recordFailure(login: string): Promise<void>;
  reset(login: string): Promise<void>;
}

export interface LoginLimiterOptions {
  maxFailures?: number;
  windowSeconds?: number;
}

/**
 * Counts failed logins per login name in the database, so the limit holds
 * across every server process: 5 failures per 15 minutes by default.
 */
export function createLoginLimiter(db: Db, options: LoginLimiterOptions = {}): LoginLimiter {
  const points = options.maxFailures ?? 5;
  const limiter = new RateLimiterPrisma({
    storeClient: db,
    tableName: "rateLimiterFlexible",
    keyPrefix: "login",
    points,
    duration: options.windowSeconds ?? 15 * 60,
  });
  const key = (login: string) => login.trim().toLowerCase();
  return {
    assertAllowed: async (login) => {
      const state = await limiter.get(key(login));
      if (state && state.consumedPoints >= points) {
        const minutes = Math.max(1, Math.ceil(state.msBeforeNext / 60_000));
        throw new AppError("RATE_LIMITED", `Too many failed attempts; try again in ${minutes} min`);
      }
    },
    recordFailure: async (login) => {
      // Consuming past the limit rejects with the limiter's state, not an error.
      await limiter.penalty(key(login), 1);
    },
    reset: async (login) => {
      await limiter.delete(key(login));
    },
  };
}
