import type { Db } from "@park/db";
import { AppError } from "../../shared/errors.ts";
import { addressBucket } from "../../shared/client-address.ts";

/** SPEC: 5 failed logins per account per 15 minutes. */
export const accountFailureLimit = 5;
const loginWindowSeconds = 15 * 60;
const registrationWindowSeconds = 60 * 60;

export interface AuthLimiterOptions {
  /** Failed logins one client address may make per 15 minutes, over all accounts. */
  loginFailuresPerAddress: number;
  /** Registrations one client address may make per hour. */
  registrationsPerAddress: number;
}

/** What a login attempt holds once it has been counted. */
export interface LoginAttempt {
  /** The password was right: the account starts afresh and the address gets its point back. */
  succeeded(): Promise<void>;
}

export interface AuthLimiter {
  /**
   * Counts a login attempt against the account and the client address before
   * any password is checked; throws `RATE_LIMITED` when either is used up.
   * `account` names the user (`user:<id>`), or the normalised login when no
   * user has it (`name:<login>`).
   */
  loginAttempt(account: string, address: string): Promise<LoginAttempt>;
  /** Counts a registration against the client address; throws `RATE_LIMITED` when it is used up. */
  registration(address: string): Promise<void>;
}

/**
 * Counters live in the database (`rate_limits`), so every server process
 * shares them. Each attempt is counted before the work it guards, by one
 * upsert that increments in place: concurrent attempts, from one batch or
 * many processes, each get a distinct count, and only those within the limit
 * go on. Counting after the check instead would let every attempt that
 * started before the first failure was written through.
 */
export function createAuthLimiter(db: Db, options: AuthLimiterOptions): AuthLimiter {
  const counters = createCounters(db);
  return {
    loginAttempt: async (account, address) => {
      const accountKey = `login:${account}`;
      const addressKey = `login:address:${addressBucket(address)}`;
      const [perAccount, perAddress] = await Promise.all([counters.hit(accountKey, loginWindowSeconds), counters.hit(addressKey, loginWindowSeconds)]);
      const exceeded = [perAccount.count > accountFailureLimit ? perAccount : null, perAddress.count > options.loginFailuresPerAddress ? perAddress : null];
      const blocking = exceeded.filter((window) => window !== null);
      if (blocking.length > 0) throw limited("Too many failed sign-in attempts", Math.max(...blocking.map((window) => window.retryAfterSeconds)));
      return {
        succeeded: async () => {
          await Promise.all([counters.clear(accountKey), counters.refund(addressKey)]);
        },
      };
    },
    registration: async (address) => {
      const { count, retryAfterSeconds } = await counters.hit(`register:address:${addressBucket(address)}`, registrationWindowSeconds);
      if (count > options.registrationsPerAddress) throw limited("Too many new accounts from your network", retryAfterSeconds);
    },
  };
}

function limited(what: string, retryAfterSeconds: number) {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return new AppError("RATE_LIMITED", `${what}; try again in ${minutes} min`);
}

const sweepEveryMs = 5 * 60_000;

function createCounters(db: Db) {
  let nextSweep = Date.now() + sweepEveryMs;
  const sweep = () => {
    nextSweep = Date.now() + sweepEveryMs;
    // Housekeeping only: an expired row is restarted by the next hit anyway.
    db.$executeRaw`DELETE FROM rate_limits WHERE expire <= now()`.catch(() => {});
  };
  return {
    /** Adds one to the key's count, or starts a new window when the last one is over. */
    hit: async (key: string, windowSeconds: number) => {
      if (Date.now() >= nextSweep) sweep();
      // In ON CONFLICT's SET, `r` is the row as it was, so both columns see the same window.
      const rows = await db.$queryRaw<{ points: number; retry: number }[]>`
        INSERT INTO rate_limits AS r (key, points, expire)
        VALUES (${key}, 1, now() + ${windowSeconds}::int * interval '1 second')
        ON CONFLICT (key) DO UPDATE SET
          points = CASE WHEN r.expire IS NULL OR r.expire <= now() THEN 1 ELSE r.points + 1 END,
          expire = CASE WHEN r.expire IS NULL OR r.expire <= now() THEN excluded.expire ELSE r.expire END
        RETURNING points, ceil(extract(epoch FROM expire - now()))::int AS retry`;
      const row = rows[0]!;
      return { count: row.points, retryAfterSeconds: row.retry };
    },
    clear: async (key: string) => {
      await db.$executeRaw`DELETE FROM rate_limits WHERE key = ${key}`;
    },
    refund: async (key: string) => {
      await db.$executeRaw`UPDATE rate_limits SET points = points - 1 WHERE key = ${key} AND points > 0 AND expire > now()`;
    },
  };
}
