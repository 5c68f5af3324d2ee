import { TRPCClientError, type TRPCLink } from "@trpc/client";
import type { AnyRouter } from "@trpc/server";
import { observable, type Unsubscribable } from "@trpc/server/observable";
import type { TokenPair, TokenStore } from "./tokens.ts";

export type Refresher = (refreshToken: string) => Promise<TokenPair>;

/** Calls that carry no access token, or whose refusal a new one would not change. */
const authPaths = new Set(["auth.login", "auth.register", "auth.refresh", "auth.logout"]);

const isUnauthorized = (error: unknown) => error instanceof TRPCClientError && (error.data as { code?: string } | undefined)?.code === "UNAUTHORIZED";

/**
 * Retries a call once after renewing the access token when the server answers
 * UNAUTHORIZED. However many calls fail at once, one refresh runs and all of
 * them retry with its result: every call sent before a refresh ended shares
 * that refresh's outcome, even when its refusal arrives after it (so a burst
 * of calls during an outage costs one attempt, not one each), and a call
 * that fails with a token already replaced retries at once. Only a refresh
 * the server refuses (UNAUTHORIZED) signs the client out, once: the store is
 * cleared and `onSignedOut` runs. Any other failure of the refresh (the
 * network, the server restarting) keeps the tokens, and the calls fail with
 * their own error; calls sent after it try again.
 */
export function refreshLink<TRouter extends AnyRouter>(store: TokenStore, refresh: Refresher, onSignedOut: () => void): TRPCLink<TRouter> {
  // The latest refresh; `endedAs` numbers it among those that have ended, once it has.
  let latest: { stale: string; outcome: Promise<boolean>; endedAs: number | null } | null = null;
  let ended = 0;

  const renewNow = async (stale: string): Promise<boolean> => {
    const current = store.get();
    if (!current) return false;
    // Another call, or another tab, already renewed the pair this one used.
    if (current.accessToken !== stale) return true;
    let renewed: TokenPair;
    try {
      renewed = await refresh(current.refreshToken);
    } catch (error) {
      if (!isUnauthorized(error)) return false;
      // Signed out meanwhile elsewhere (another tab), or by an earlier refusal: nothing to end twice.
      if (store.get()?.refreshToken !== current.refreshToken) return store.get() !== null;
      store.set(null);
      onSignedOut();
      return false;
    }
    store.set(renewed);
    return true;
  };

  /** The outcome of the refresh a call sent with `stale` after `sentAfter` refreshes had ended should follow. */
  const renew = (stale: string, sentAfter: number): Promise<boolean> => {
    if (latest && (latest.endedAs === null || (latest.stale === stale && sentAfter < latest.endedAs))) return latest.outcome;
    const refreshing: NonNullable<typeof latest> = { stale, outcome: Promise.resolve(false), endedAs: null };
    refreshing.outcome = (store.exclusive ? store.exclusive(() => renewNow(stale)) : renewNow(stale)).finally(() => {
      refreshing.endedAs = ++ended;
    });
    latest = refreshing;
    return refreshing.outcome;
  };

  return () =>
    ({ op, next }) =>
      observable((observer) => {
        let subscription: Unsubscribable | undefined;
        let closed = false;
        const attempt = (retried: boolean) => {
          const usedToken = store.get()?.accessToken ?? null;
          const sentAfter = ended;
          subscription = next(op).subscribe({
            next: (value) => observer.next(value),
            complete: () => observer.complete(),
            error: (error) => {
              if (retried || !usedToken || !isUnauthorized(error) || authPaths.has(op.path) || op.type === "subscription") {
                observer.error(error);
                return;
              }
              void renew(usedToken, sentAfter).then((renewed) => {
                if (closed) return;
                if (renewed) attempt(true);
                else observer.error(error);
              });
            },
          });
        };
        attempt(false);
        return () => {
          closed = true;
          subscription?.unsubscribe();
        };
      });
}
