import type { Unsubscribable } from "@trpc/server/observable";
import { browser } from "./browser.ts";
import { createListeners } from "./listeners.ts";
import { errorCode, type ParkClient, type RouterInputs, type RouterOutputs } from "./client.ts";

/** What `lots.onAvailability` sends: the lot's free spots now, whenever that number changes. */
export type AvailabilityUpdate = RouterOutputs["lots"]["onAvailability"] extends AsyncIterable<infer Update> ? Update : never;
/** What is free for a whole window, as `lots.availability` answers. */
export type WindowAvailability = RouterOutputs["lots"]["availability"];
/** A time window to count free spots for, instead of now. */
export type AvailabilityWindow = Omit<RouterInputs["lots"]["availability"], "lotId">;

export type LiveStatus = "connecting" | "live" | "offline";

export interface LiveState<T> {
  /** `connecting` until the first value arrives (and again while reconnecting), `live` while the stream runs, `offline` between attempts or once given up. */
  status: LiveStatus;
  /** The latest value; kept while offline, so a page can show it as possibly stale. */
  data: T | null;
  /** When `data` last arrived. */
  updatedAt: Date | null;
  /** Why the stream dropped or a count failed; null while all is well. */
  error: Error | null;
}

/** A value that follows the server live, for React's `useSyncExternalStore`, Vue refs, or plain callbacks. */
export interface LiveStore<T> {
  /** Starts the stream with the first listener and stops it when the last one leaves. */
  subscribe(listener: () => void): () => void;
  /** The current state; the same object until something changes. */
  getSnapshot(): LiveState<T>;
}

export interface LiveStoreOptions {
  /** Reconnection delays: the first after about `initialMs`, doubling up to `maxMs`, each with random jitter (defaults 500 ms and 30 s). */
  backoff?: { initialMs?: number; maxMs?: number };
  /**
   * With a window, how often its count is also taken without a signal
   * (default 30 s): the stream only speaks when the number free *now*
   * changes, and a booking for later leaves that number alone.
   */
  windowRefreshMs?: number;
}

/** Refusals that another attempt cannot change: a missing lot, a bad input. */
const finalCodes = new Set(["BAD_REQUEST", "PARSE_ERROR", "NOT_FOUND", "FORBIDDEN", "UNAUTHORIZED", "METHOD_NOT_SUPPORTED"]);

/**
 * A lot's free spots, live: `lots.onAvailability` over SSE while anyone
 * listens. A dropped stream (network, server restart, a stream the server
 * ends) is opened again after a backoff that doubles with each failure,
 * with jitter so that clients a restart cut off together do not all come
 * back at once; a value arriving resets it. With a `window`, each change
 * (and every `windowRefreshMs`) counts the spots free for that window.
 */
export function createLotAvailabilityStore(client: ParkClient, lotId: string, window?: undefined, options?: LiveStoreOptions): LiveStore<AvailabilityUpdate>;
export function createLotAvailabilityStore(
  client: ParkClient,
  lotId: string,
  window: AvailabilityWindow,
  options?: LiveStoreOptions,
): LiveStore<WindowAvailability & { at: Date }>;
export function createLotAvailabilityStore(
  client: ParkClient,
  lotId: string,
  window?: AvailabilityWindow,
  options: LiveStoreOptions = {},
): LiveStore<AvailabilityUpdate | (WindowAvailability & { at: Date })> {
  type Data = AvailabilityUpdate | (WindowAvailability & { at: Date });
  const initialMs = options.backoff?.initialMs ?? 500;
  const maxMs = options.backoff?.maxMs ?? 30_000;
  const windowRefreshMs = options.windowRefreshMs ?? 30_000;

  let state: LiveState<Data> = { status: "connecting", data: null, updatedAt: null, error: null };
  let stream: Unsubscribable | null = null;
  // Callbacks of a stream or a count started before the latest (re)connect are ignored.
  let generation = 0;
  let failures = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let refreshTimer: ReturnType<typeof setInterval> | undefined;

  const update = (next: Partial<LiveState<Data>>) => {
    state = { ...state, ...next };
    listeners.notify();
  };

  const countWindow = async (current: number) => {
    if (!window) return;
    try {
      const counted = await client.lots.availability.query({ lotId, ...window });
      if (current === generation) update({ status: "live", data: { ...counted, at: new Date() }, updatedAt: new Date(), error: null });
    } catch (error) {
      if (current === generation) update({ error: asError(error) });
    }
  };

  const connect = () => {
    const current = ++generation;
    clearTimeout(retryTimer);
    retryTimer = undefined;
    if (state.status !== "connecting") update({ status: "connecting" });
    stream = client.lots.onAvailability.subscribe(
      { lotId },
      {
        onData(value) {
          if (current !== generation) return;
          failures = 0;
          if (window) void countWindow(current);
          else update({ status: "live", data: value, updatedAt: new Date(), error: null });
        },
        onConnectionStateChange(connection) {
          // The EventSource lost its connection: reconnect on our own schedule rather than its fixed one.
          if (current === generation && connection.state === "connecting" && connection.error) drop(connection.error);
        },
        onError(error) {
          if (current === generation) drop(error);
        },
        onComplete() {
          if (current === generation) drop(new Error("The server closed the live stream"));
        },
      },
    );
    if (window) {
      clearInterval(refreshTimer);
      refreshTimer = setInterval(() => void countWindow(generation), windowRefreshMs);
    }
  };

  const close = () => {
    generation++;
    const closing = stream;
    stream = null;
    closing?.unsubscribe();
    clearTimeout(retryTimer);
    retryTimer = undefined;
    clearInterval(refreshTimer);
  };

  const drop = (error: unknown) => {
    close();
    const code = errorCode(error);
    update({ status: "offline", error: asError(error) });
    if (code && finalCodes.has(code)) return;
    const ceiling = Math.min(maxMs, initialMs * 2 ** failures);
    failures++;
    retryTimer = setTimeout(connect, ceiling / 2 + (Math.random() * ceiling) / 2);
  };

  // A browser that comes back online need not wait out the backoff.
  const onOnline = () => {
    if (state.status === "offline" && retryTimer !== undefined) connect();
  };

  const listeners = createListeners(() => {
    failures = 0;
    browser.addEventListener?.("online", onOnline);
    connect();
    return () => {
      browser.removeEventListener?.("online", onOnline);
      close();
    };
  });

  return { subscribe: listeners.add, getSnapshot: () => state };
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
