import type { AppErrorCode, AppRouter } from "@park/api";
import { transformer } from "@park/api/transformer";
import { createTRPCClient, httpBatchLink, httpLink, httpSubscriptionLink, splitLink, TRPCClientError, type TRPCClient } from "@trpc/client";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { refreshLink } from "./refresh-link.ts";
import type { TokenPair, TokenStore } from "./tokens.ts";

export type { AppRouter } from "@park/api";
/** Every `data.appCode` the server sends; the README lists what each means. */
export type AppCode = AppErrorCode;
export { memoryTokenStore, type TokenPair, type TokenStore } from "./tokens.ts";
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type ParkClient = TRPCClient<AppRouter>;

/** The server refuses HTTP batches of more calls than this (BATCH_TOO_LARGE); batches are split to fit. */
export const maxBatchSize = 50;

export interface ParkClientOptions {
  /** Base URL of the server, e.g. `http://127.0.0.1:4000` (the client adds `/trpc`). */
  url: string;
  /** Token storage, which the caller keeps to sign in and out; `null` for an anonymous client. */
  tokens?: TokenStore | null;
  /** Send calls one by one instead of batching them. */
  batch?: boolean;
  /** Called when a refresh fails and the stored tokens are dropped. */
  onSignedOut?: () => void;
  fetch?: typeof fetch;
  headers?: Record<string, string>;
  /** An EventSource implementation for subscriptions where there is no global one (Node 20). */
  EventSource?: typeof globalThis.EventSource;
}

/**
 * A typed client of the Park API with superjson, batching, SSE subscriptions
 * and automatic access-token renewal from the refresh token.
 */
export function createParkClient(options: ParkClientOptions): ParkClient {
  const tokens = options.tokens ?? null;
  const endpoint = `${options.url.replace(/\/$/, "")}/trpc`;
  const headers = () => {
    const access = tokens?.get()?.accessToken;
    return { ...options.headers, ...(access ? { authorization: `Bearer ${access}` } : {}) };
  };
  const transport = { url: endpoint, transformer, headers, ...(options.fetch ? { fetch: options.fetch } : {}) };
  const http = options.batch === false ? httpLink(transport) : httpBatchLink({ ...transport, maxURLLength: 4000, maxItems: maxBatchSize });

  // Renewal goes through its own plain link so it never re-enters the refresh link.
  const refresher = createTRPCClient<AppRouter>({ links: [httpLink({ url: endpoint, transformer, ...(options.fetch ? { fetch: options.fetch } : {}) })] });
  const refresh = async (refreshToken: string): Promise<TokenPair> => {
    const result = await refresher.auth.refresh.mutate({ refreshToken });
    return { accessToken: result.accessToken, refreshToken: result.refreshToken };
  };

  const client = createTRPCClient<AppRouter>({
    links: [
      ...(tokens ? [refreshLink<AppRouter>(tokens, refresh, options.onSignedOut)] : []),
      splitLink({
        condition: (op) => op.type === "subscription",
        true: httpSubscriptionLink({
          url: endpoint,
          transformer,
          ...(options.EventSource ? { EventSource: options.EventSource } : {}),
          connectionParams: () => {
            const access = tokens?.get()?.accessToken;
            return access ? { token: access } : {};
          },
        }),
        false: http,
      }),
    ],
  });
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

export function isParkError(error: unknown): error is TRPCClientError<AppRouter> {
  return error instanceof TRPCClientError;
}
