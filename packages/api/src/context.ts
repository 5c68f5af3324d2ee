import type { Db } from "@park/db";
import type { TokenIssuer } from "./domains/auth/tokens.ts";
import type { AuthLimiter } from "./domains/auth/limiter.ts";
import type { AvailabilityHub } from "./domains/lots/availability-hub.ts";
import type { SubscriptionSlots } from "./shared/subscription-slots.ts";

export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** What the API needs from the process that hosts it; built once at start. */
export interface ApiDeps {
  db: Db;
  tokens: TokenIssuer;
  authLimiter: AuthLimiter;
  log: Logger;
  /** Shares each lot's live count among everyone watching it; the host closes it at shutdown. */
  availability: AvailabilityHub;
  /** Caps the live subscriptions one client address holds open. */
  subscriptionSlots: SubscriptionSlots;
  /** Whether the database answers, for health checks. */
  pingDb(): Promise<boolean>;
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
