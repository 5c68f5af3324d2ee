import { transformer } from "@park/api/transformer";
import { createTRPCClient, httpBatchLink, httpLink, httpSubscriptionLink, splitLink, TRPCClientError, type TRPCClient } from "@trpc/client";
import type { inferRouterError, inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { EventSource as PortableEventSource } from "eventsource";
import { refreshLink } from "./refresh-link.ts";
import type { AppRouter } from "./router.ts";
import type { TokenPair, TokenStore } from "./tokens.ts";

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type ParkClient = TRPCClient<AppRouter>;
/** Every `data.appCode` the server sends; the README lists what each means. */
export type AppCode = inferRouterError<AppRouter>["data"]["appCode"];
/** A failed call of a Park client. */
export type ParkError = TRPCClientError<AppRouter>;

/** The server refuses HTTP batches of more calls than this (BATCH_TOO_LARGE); batches are split to fit. */
export const maxBatchSize = 50;

export interface ParkClientOptions {
  /** Base URL of the server, e.g. `http://127.0.0.1:4000` (the client adds `/trpc`). */
  url: string;
  /** Token storage, which the caller keeps to sign in and out; `null` for an anonymous client. */
  tokens?: TokenStore | null;
  /** Send calls one by one instead of batching them. */
  batch?: boolean;
  /** Called once when the server refuses to renew the session; the stored tokens are gone by then. */
  onSignedOut?: () => void;
  fetch?: typeof fetch;
  headers?: Record<string, string>;
  /** The EventSource used by subscriptions: by default the global one, else the SDK's own (Node 20 has none). */
  EventSource?: typeof globalThis.EventSource;
}

const signOutListeners = new WeakMap<ParkClient, Set<() => void>>();

/** Runs `listener` each time `client` gives up on its session because the server refused to renew it. */
export function onSignedOut(client: ParkClient, listener: () => void): () => void {
  const listeners = signOutListeners.get(client);
  if (!listeners) throw new Error("onSignedOut needs a client made by createParkClient");
  const entry = () => listener();
  listeners.add(entry);
  return () => listeners.delete(entry);
}

/**
 * A typed client of the Park API with superjson, batching, SSE subscriptions
 * and automatic access-token renewal from the refresh token.
 */
export function createParkClient(options: ParkClientOptions): ParkClient {
  const tokens = options.tokens ?? null;
  const endpoint = `${options.url.replace(/\/$/, "")}/trpc`;
  const fetchOption = options.fetch ? { fetch: options.fetch } : {};
  const headers = () => {
    const access = tokens?.get()?.accessToken;
    return { ...options.headers, ...(access ? { authorization: `Bearer ${access}` } : {}) };
  };
  const transport = { url: endpoint, transformer, headers, ...fetchOption };
  const http = options.batch === false ? httpLink(transport) : httpBatchLink({ ...transport, maxURLLength: 4000, maxItems: maxBatchSize });

  // Renewal goes through its own plain link so it never re-enters the refresh link.
  const refresher = createTRPCClient<AppRouter>({ links: [httpLink({ url: endpoint, transformer, headers: { ...options.headers }, ...fetchOption })] });
  const refresh = async (refreshToken: string): Promise<TokenPair> => {
    const result = await refresher.auth.refresh.mutate({ refreshToken });
    return { accessToken: result.accessToken, refreshToken: result.refreshToken };
  };

  const listeners = new Set<() => void>();
  const signedOut = () => {
    for (const listener of [...listeners]) listener();
    options.onSignedOut?.();
  };

  const client = createTRPCClient<AppRouter>({
    links: [
      ...(tokens ? [refreshLink<AppRouter>(tokens, refresh, signedOut)] : []),
      splitLink({
        condition: (op) => op.type === "subscription",
        true: httpSubscriptionLink({
          url: endpoint,
          transformer,
          EventSource: options.EventSource ?? globalThis.EventSource ?? (PortableEventSource as unknown as typeof globalThis.EventSource),
          connectionParams: () => {
            const access = tokens?.get()?.accessToken;
            return access ? { token: access } : {};
          },
        }),
        false: http,
      }),
    ],
  });
  signOutListeners.set(client, listeners);
  return client;
}

/** The tRPC error code of a failed call (`UNAUTHORIZED`, `CONFLICT`, …), if any. */
export function errorCode(error: unknown): string | undefined {
  return error instanceof TRPCClientError ? (error.data as { code?: string } | undefined)?.code : undefined;
}

/** The stable domain code of a failed call (`SPOT_TAKEN`, `LOT_FULL`, `RATE_LIMITED`, …), if any. */
export function appCode(error: unknown): AppCode | undefined {
  return error instanceof TRPCClientError ? (error.data as { appCode?: AppCode } | undefined)?.appCode : undefined;
}

/** Field errors of a failed validation, keyed by input field. */
export function fieldErrors(error: unknown): Record<string, string[] | undefined> {
  if (!(error instanceof TRPCClientError)) return {};
  const zodError = (error.data as { zodError?: { fieldErrors?: Record<string, string[]> } } | undefined)?.zodError;
  return zodError?.fieldErrors ?? {};
}

export function isParkError(error: unknown): error is ParkError {
  return error instanceof TRPCClientError;
}
