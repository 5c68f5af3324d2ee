import { TRPCClientError, type TRPCLink } from "@trpc/client";
import { observable, type Unsubscribable } from "@trpc/server/observable";
import type { AnyRouter } from "@trpc/server";
import type { TokenPair, TokenStore } from "./tokens.ts";

export type Refresher = (refreshToken: string) => Promise<TokenPair>;

const authPaths = new Set(["auth.login", "auth.register", "auth.refresh", "auth.logout"]);

/**
 * Retries a call once after renewing the access token when the server answers
 * UNAUTHORIZED. Concurrent failures share one refresh; a failed refresh signs
 * the client out (the store is cleared) and the original error is returned.
 */
export function refreshLink<TRouter extends AnyRouter>(store: TokenStore, refresh: Refresher, onSignedOut?: () => void): TRPCLink<TRouter> {
  let pending: Promise<boolean> | null = null;
  const renew = (stale: string) =>
    (pending ??= (async () => {
      const current = store.get();
      if (!current) return false;
      // Another call already renewed the pair this one used.
      if (current.accessToken !== stale) return true;
      try {
        store.set(await refresh(current.refreshToken));
        return true;
      } catch {
        store.set(null);
        onSignedOut?.();
        return false;
      }
    })().finally(() => {
      pending = null;
    }));

  return () =>
    ({ op, next }) =>
      observable((observer) => {
        let subscription: Unsubscribable | undefined;
        const attempt = (retried: boolean) => {
          const usedToken = store.get()?.accessToken ?? null;
          subscription = next(op).subscribe({
            next: (value) => observer.next(value),
            complete: () => observer.complete(),
            error: (error) => {
              const unauthorized = error instanceof TRPCClientError && error.data?.code === "UNAUTHORIZED";
              if (retried || !unauthorized || !usedToken || authPaths.has(op.path) || op.type === "subscription") {
                observer.error(error);
                return;
              }
              renew(usedToken).then((ok) => (ok ? attempt(true) : observer.error(error)));
            },
          });
        };
        attempt(false);
        return () => subscription?.unsubscribe();
      });
}
