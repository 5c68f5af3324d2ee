import type { Db } from "@park/db";
import { createAuthLimiter, type AuthLimiter } from "./domains/auth/limiter.ts";
import type { TokenIssuer } from "./domains/auth/tokens.ts";
import { createAvailabilityHub, type AvailabilityHub } from "./domains/lots/availability-hub.ts";
import { createReadCache, type ReadCache } from "./domains/lots/read-cache.ts";
import { createChangeFeed, type ChangeRelay } from "./shared/changes.ts";
import { systemClock, type Clock } from "./shared/clock.ts";
import type { Services } from "./shared/services.ts";
import { createSubscriptionSlots, type SubscriptionSlots } from "./shared/subscription-slots.ts";

export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** What every call of one API instance shares; built once by `createApi`. */
export interface ApiDeps extends Services {
  tokens: TokenIssuer;
  authLimiter: AuthLimiter;
  log: Logger;
  /** Public lot reads of the last second, dropped when a lot changes. */
  readCache: ReadCache;
  /** Shares each lot's live count among everyone watching it. */
  availability: AvailabilityHub;
  /** Caps the live subscriptions one client address holds open. */
  subscriptionSlots: SubscriptionSlots;
  /** Whether the database answers, for health checks. */
  pingDb(): Promise<boolean>;
}

export interface ApiOptions {
  db: Db;
  tokens: TokenIssuer;
  log: Logger;
  pingDb(): Promise<boolean>;
  /** The time services see (default: the system clock). */
  clock?: Clock;
  /** What a new lot charges in when neither its creator nor its timezone says (default USD). */
  defaultCurrency?: string;
  /** Connections one large read may use at once (default 1); keep it well below the pool's size. */
  readParallelism?: number;
  /** Failed logins per client address in 15 minutes, registrations per address an hour, open streams per address. */
  limits: { loginFailuresPerAddress: number; registrationsPerAddress: number; subscriptionsPerClient: number };
  /**
   * The database's announcements of every process's committed lot changes
   * (`Database.lotChanges` on PostgreSQL). Without it only this instance's own
   * changes are heard, which is all there is when one process uses the database.
   */
  changeRelay?: ChangeRelay | undefined;
}

export interface Api extends ApiDeps {
  /** Ends every live stream and stops the instance's timers at once; resolves once the change relay's connection is closed. */
  close(): Promise<void>;
}

/**
 * One API instance: its change feed, caches, live streams and limits belong
 * to it alone, so several instances in one process (tests, say) never share
 * them.
 */
export function createApi(options: ApiOptions): Api {
  const { db, tokens, log, pingDb, limits } = options;
  const clock = options.clock ?? systemClock;
  const changes = createChangeFeed({
    relay: options.changeRelay,
    onRelayInterrupted: (error) => log.warn({ err: error }, "lot change relay interrupted; other processes' changes show once it is back"),
  });
  const defaultCurrency = options.defaultCurrency ?? "USD";
  const readParallelism = options.readParallelism ?? 1;
  const availability = createAvailabilityHub({
    services: { db, changes, clock, defaultCurrency },
    onError: (error, lotId) => log.warn({ err: error, lotId }, "availability count failed"),
  });
  return {
    db,
    changes,
    clock,
    defaultCurrency,
    readParallelism,
    tokens,
    log,
    pingDb,
    authLimiter: createAuthLimiter(db, { loginFailuresPerAddress: limits.loginFailuresPerAddress, registrationsPerAddress: limits.registrationsPerAddress }),
    readCache: createReadCache(changes),
    availability,
    subscriptionSlots: createSubscriptionSlots(limits.subscriptionsPerClient),
    close: () => {
      availability.close();
      return changes.close();
    },
  };
}

export interface RequestInfo {
  requestId: string;
  accessToken: string | null;
  /** The client's address: the socket's peer, or what a trusted proxy forwarded. */
  clientAddress: string;
}

export type Context = ApiDeps & RequestInfo;

/** The context without HTTP; tests build it directly. */
export function createContextInner(deps: ApiDeps, request: Partial<RequestInfo> = {}): Context {
  return {
    ...deps,
    requestId: request.requestId ?? crypto.randomUUID(),
    accessToken: request.accessToken ?? null,
    clientAddress: request.clientAddress ?? "unknown",
  };
}

export function bearerToken(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1] ?? null;
}
