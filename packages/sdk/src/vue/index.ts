import {
  computed,
  getCurrentScope,
  inject,
  markRaw,
  onScopeDispose,
  shallowRef,
  toValue,
  watch,
  type App,
  type ComputedRef,
  type InjectionKey,
  type MaybeRefOrGetter,
  type Ref,
  type ShallowRef,
} from "vue";
import { createAuthStore, type AuthState, type AuthStore, type SignedInSession, type User } from "../auth.ts";
import type { ParkClient, ParkError } from "../client.ts";
import {
  createLotAvailabilityStore,
  type AvailabilityUpdate,
  type AvailabilityWindow,
  type LiveState,
  type LiveStore,
  type LiveStoreOptions,
  type WindowAvailability,
} from "../live.ts";
import type { TokenStore } from "../tokens.ts";

interface ParkContext {
  client: ParkClient;
  auth: AuthStore | null;
}

const parkKey: InjectionKey<ParkContext> = Symbol("park");

export interface ParkPlugin {
  install(app: App): void;
  client: ParkClient;
}

/** The plugin that gives every component the client (and, with `tokens`, `useAuth`): `app.use(createPark({ client, tokens }))`. */
export function createPark({ client, tokens = null }: { client: ParkClient; tokens?: TokenStore | null }): ParkPlugin {
  // Reactive wrappers would hide the client's identity, which the SDK keys its sign-out events on.
  const context: ParkContext = { client: markRaw(client), auth: tokens ? markRaw(createAuthStore(client, tokens)) : null };
  return {
    client,
    install(app) {
      app.provide(parkKey, context);
    },
  };
}

function useParkContext(): ParkContext {
  const context = inject(parkKey, null);
  if (!context) throw new Error("Park composables need app.use(createPark(…)) first");
  return context;
}

export function useParkClient(): ParkClient {
  return useParkContext().client;
}

/** Runs `stop` when the calling component (or effect scope) goes. */
function whenDisposed(stop: () => void) {
  if (getCurrentScope()) onScopeDispose(stop);
}

/** Follows a store into a Vue ref while the caller lives. */
function followStore<T>(store: { subscribe(listener: () => void): () => void; getSnapshot(): T }, into: ShallowRef<T>): () => void {
  into.value = store.getSnapshot();
  return store.subscribe(() => {
    into.value = store.getSnapshot();
  });
}

/** A procedure of the client that answers queries: `client.lots.byId`, say. */
interface QueryProcedure<TInput, TOutput> {
  query(input: TInput, options?: { signal?: AbortSignal }): Promise<TOutput>;
}

export interface ParkQuery<TOutput> {
  data: Readonly<ShallowRef<TOutput | undefined>>;
  error: Readonly<ShallowRef<ParkError | Error | null>>;
  status: Readonly<Ref<"pending" | "success" | "error">>;
  /** True while an answer for the current input is awaited. */
  isFetching: Readonly<Ref<boolean>>;
  /** Asks again, keeping the current data shown meanwhile. */
  refresh(): Promise<void>;
}

export interface ParkQueryOptions {
  /** While false, nothing is asked (default true). */
  enabled?: MaybeRefOrGetter<boolean>;
}

/**
 * A query of the Park API in refs: asked when the component sets up and
 * again whenever the reactive `input` changes; an answer to an older input
 * never overwrites a newer one, and leaving aborts the call.
 * `useParkQuery((park) => park.lots.byId, () => ({ id: props.lotId }))`.
 */
export function useParkQuery<TInput, TOutput>(
  select: (client: ParkClient) => QueryProcedure<TInput, TOutput>,
  ...[input, options = {}]: undefined extends TInput
    ? [input?: MaybeRefOrGetter<TInput>, options?: ParkQueryOptions]
    : [input: MaybeRefOrGetter<TInput>, options?: ParkQueryOptions]
): ParkQuery<TOutput> {
  const procedure = select(useParkClient());
  const data = shallowRef<TOutput | undefined>(undefined);
  const error = shallowRef<ParkError | Error | null>(null);
  const status = shallowRef<"pending" | "success" | "error">("pending");
  const isFetching = shallowRef(false);
  let running: AbortController | null = null;

  const ask = async () => {
    running?.abort();
    if (toValue(options.enabled) === false) {
      isFetching.value = false;
      return;
    }
    const call = new AbortController();
    running = call;
    isFetching.value = true;
    try {
      const answer = await procedure.query(toValue(input) as TInput, { signal: call.signal });
      if (running !== call) return;
      data.value = answer;
      error.value = null;
      status.value = "success";
    } catch (caught) {
      if (running !== call) return;
      error.value = caught instanceof Error ? caught : new Error(String(caught));
      status.value = "error";
    } finally {
      if (running === call) isFetching.value = false;
    }
  };

  watch(
    () => [toValue(input), toValue(options.enabled)],
    () => void ask(),
    { deep: true, immediate: true },
  );
  whenDisposed(() => {
    running?.abort();
    running = null;
  });
  return { data, error, status, isFetching, refresh: ask };
}

/**
 * The lot's free spots, live over SSE (see `createLotAvailabilityStore`),
 * while the component lives; a new `lotId` or `window` follows another stream.
 */
export function useLotAvailability(
  lotId: MaybeRefOrGetter<string>,
  window?: undefined,
  options?: LiveStoreOptions,
): Readonly<ShallowRef<LiveState<AvailabilityUpdate>>>;
export function useLotAvailability(
  lotId: MaybeRefOrGetter<string>,
  window: MaybeRefOrGetter<AvailabilityWindow>,
  options?: LiveStoreOptions,
): Readonly<ShallowRef<LiveState<WindowAvailability & { at: Date }>>>;
export function useLotAvailability(
  lotId: MaybeRefOrGetter<string>,
  window?: MaybeRefOrGetter<AvailabilityWindow>,
  options?: LiveStoreOptions,
): Readonly<ShallowRef<LiveState<AvailabilityUpdate | (WindowAvailability & { at: Date })>>> {
  type Data = AvailabilityUpdate | (WindowAvailability & { at: Date });
  const client = useParkClient();
  const state = shallowRef<LiveState<Data>>({ status: "connecting", data: null, updatedAt: null, error: null });
  let stop = () => {};
  watch(
    () => [toValue(lotId), window === undefined ? undefined : toValue(window)] as const,
    ([id, span]) => {
      stop();
      const store: LiveStore<Data> = span ? createLotAvailabilityStore(client, id, span, options) : createLotAvailabilityStore(client, id, undefined, options);
      stop = followStore(store, state);
    },
    { deep: true, immediate: true },
  );
  whenDisposed(() => stop());
  return state;
}

export interface ParkAuth {
  state: Readonly<ShallowRef<AuthState>>;
  /** The signed-in user, or null while loading or signed out. */
  user: ComputedRef<User | null>;
  signIn(session: SignedInSession): void;
  signOut(): Promise<void>;
  retry(): void;
  recheck(): void;
}

/** Who is signed in, and the ways to sign in and out; needs `tokens` given to `createPark`. */
export function useAuth(): ParkAuth {
  const { auth } = useParkContext();
  if (!auth) throw new Error("useAuth needs createPark({ client, tokens })");
  const state = shallowRef<AuthState>(auth.getSnapshot());
  whenDisposed(followStore(auth, state));
  return {
    state,
    user: computed(() => (state.value.status === "signed-in" ? state.value.user : null)),
    signIn: auth.signIn,
    signOut: auth.signOut,
    retry: auth.retry,
    recheck: auth.recheck,
  };
}
