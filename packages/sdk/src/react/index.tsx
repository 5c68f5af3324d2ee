import { QueryClientProvider, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { createTRPCContext, type TRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { createContext, useCallback, useContext, useEffect, useMemo, useSyncExternalStore, type ReactNode } from "react";
import { createAuthStore, type AuthState, type AuthStore, type SignedInSession, type User } from "../auth.ts";
import type { ParkClient } from "../client.ts";
import {
  createLotAvailabilityStore,
  type AvailabilityUpdate,
  type AvailabilityWindow,
  type LiveState,
  type LiveStoreOptions,
  type WindowAvailability,
} from "../live.ts";
import type { AppRouter } from "../router.ts";
import type { TokenStore } from "../tokens.ts";

const trpc = createTRPCContext<AppRouter>();

/**
 * Query, infinite-query and mutation options of every procedure, for
 * TanStack Query's hooks: `useQuery(useTRPC().lots.byId.queryOptions({ id }))`.
 * Keys follow the procedure's path, so `pathKey()` of a router or a procedure
 * names all of its cached answers.
 */
export const useTRPC: () => TRPCOptionsProxy<AppRouter> = trpc.useTRPC;

/** The Park client given to `<ParkProvider>`, for calls outside TanStack Query. */
export const useParkClient: () => ParkClient = trpc.useTRPCClient;

const AuthContext = createContext<AuthStore | null>(null);

export interface ParkProviderProps {
  client: ParkClient;
  queryClient: QueryClient;
  /** The client's token store; `useAuth` follows it. Leave it out for an anonymous app. */
  tokens?: TokenStore | null;
  children?: ReactNode;
}

/**
 * Provides the client, TanStack Query's cache and the signed-in person to
 * everything below. When the person changes (signing out, or another account
 * signing in), the cache of the previous one is dropped.
 */
export function ParkProvider({ client, queryClient, tokens = null, children }: ParkProviderProps) {
  const auth = useMemo(() => (tokens ? createAuthStore(client, tokens) : null), [client, tokens]);

  useEffect(() => {
    if (!auth) return;
    let shown = userIdOf(auth.getSnapshot());
    return auth.subscribe(() => {
      const current = userIdOf(auth.getSnapshot());
      if (current === shown) return;
      // Signing in from nobody keeps the public answers; anything else was someone else's.
      if (shown !== null) queryClient.removeQueries();
      shown = current;
    });
  }, [auth, queryClient]);

  return (
    <QueryClientProvider client={queryClient}>
      <trpc.TRPCProvider trpcClient={client} queryClient={queryClient}>
        <AuthContext.Provider value={auth}>{children}</AuthContext.Provider>
      </trpc.TRPCProvider>
    </QueryClientProvider>
  );
}

function userIdOf(state: AuthState): string | null {
  return state.status === "signed-in" ? state.user.id : null;
}

export interface ParkAuth {
  state: AuthState;
  /** The signed-in user, or null while loading or signed out. */
  user: User | null;
  signIn(session: SignedInSession): void;
  signOut(): Promise<void>;
  retry(): void;
  recheck(): void;
}

/** Who is signed in, and the ways to sign in and out; needs `tokens` on `<ParkProvider>`. */
export function useAuth(): ParkAuth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error("useAuth needs a <ParkProvider> with tokens above it");
  const state = useSyncExternalStore(auth.subscribe, auth.getSnapshot, auth.getSnapshot);
  return useMemo(
    () => ({
      state,
      user: state.status === "signed-in" ? state.user : null,
      signIn: auth.signIn,
      signOut: auth.signOut,
      retry: auth.retry,
      recheck: auth.recheck,
    }),
    [state, auth],
  );
}

/** A router or procedure of `useTRPC()`, whose `pathKey()` names its cached answers. */
export interface Invalidatable {
  pathKey(): readonly unknown[];
}

/**
 * Marks the cached answers of routers or procedures stale, refetching those
 * on screen: `invalidate(trpc.reservations, trpc.lots)` after a mutation.
 */
export function useInvalidate(): (...targets: Invalidatable[]) => Promise<void> {
  const queryClient = useQueryClient();
  return useCallback(
    async (...targets: Invalidatable[]) => {
      await Promise.all(targets.map((target) => queryClient.invalidateQueries({ queryKey: target.pathKey() })));
    },
    [queryClient],
  );
}

/**
 * The lot's free spots, live over SSE (see `createLotAvailabilityStore`),
 * while the component is mounted. With a `window`, the spots free for it.
 */
export function useLotAvailability(lotId: string, window?: undefined, options?: LiveStoreOptions): LiveState<AvailabilityUpdate>;
export function useLotAvailability(lotId: string, window: AvailabilityWindow, options?: LiveStoreOptions): LiveState<WindowAvailability & { at: Date }>;
export function useLotAvailability(
  lotId: string,
  window?: AvailabilityWindow,
  options?: LiveStoreOptions,
): LiveState<AvailabilityUpdate | (WindowAvailability & { at: Date })> {
  const client = useParkClient();
  // A window made anew on each render must not restart the stream.
  const windowKey = window ? `${window.from.getTime()}/${window.to.getTime()}/${window.vehicleType ?? ""}` : "";
  const initialMs = options?.backoff?.initialMs;
  const maxMs = options?.backoff?.maxMs;
  const windowRefreshMs = options?.windowRefreshMs;
  const store = useMemo(
    () => {
      const settings: LiveStoreOptions = { backoff: { initialMs, maxMs }, windowRefreshMs };
      return window ? createLotAvailabilityStore(client, lotId, window, settings) : createLotAvailabilityStore(client, lotId, undefined, settings);
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `windowKey` stands for `window`.
    [client, lotId, windowKey, initialMs, maxMs, windowRefreshMs],
  );
  return useSyncExternalStore<LiveState<AvailabilityUpdate | (WindowAvailability & { at: Date })>>(store.subscribe, store.getSnapshot, store.getSnapshot);
}
