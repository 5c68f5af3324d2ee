import { errorCode, onSignedOut, type ParkClient, type RouterOutputs } from "./client.ts";
import { createListeners } from "./listeners.ts";
import type { TokenPair, TokenStore } from "./tokens.ts";

export type User = RouterOutputs["auth"]["me"];

/** How the last session ended: signed out on purpose (here or in another tab), or refused renewal. */
export type SessionEnd = "signed-out" | "expired";

export type AuthState =
  | { status: "loading" }
  | { status: "anonymous"; ended?: SessionEnd }
  | { status: "signed-in"; user: User }
  /** The account could not be read (the server is unreachable); `retry()` tries again. */
  | { status: "unavailable"; error: Error };

/** What `auth.login` and `auth.register` answer. */
export interface SignedInSession extends TokenPair {
  user: User;
}

export interface AuthStore {
  subscribe(listener: () => void): () => void;
  getSnapshot(): AuthState;
  /** Starts a session from a login or registration. */
  signIn(session: SignedInSession): void;
  /** Ends the session here and revokes its refresh token on the server (best effort: the local tokens go regardless). */
  signOut(): Promise<void>;
  /** Reads the account again after it was unavailable. */
  retry(): void;
  /** Reads the account again while signed in, so a role changed or an account disabled meanwhile shows now. */
  recheck(): void;
}

/**
 * Who is signed in, following the token store: a session renewed, ended by
 * the server, or started or ended in another tab shows here without a call.
 */
export function createAuthStore(client: ParkClient, tokens: TokenStore): AuthStore {
  let state: AuthState = tokens.get() ? { status: "loading" } : { status: "anonymous" };
  // Answers to a read of the account that a newer change has overtaken are dropped.
  let reads = 0;

  const set = (next: AuthState) => {
    if (next === state) return;
    state = next;
    // Nobody listening: the account is read when someone does.
    if (state.status === "loading" && listeners.size > 0) loadAccount();
    listeners.notify();
  };

  const loadAccount = () => {
    const read = ++reads;
    client.auth.me.query().then(
      (user) => {
        if (read === reads && state.status === "loading") set({ status: "signed-in", user });
      },
      (error: unknown) => {
        if (read !== reads || state.status !== "loading") return;
        if (errorCode(error) === "UNAUTHORIZED") {
          set({ status: "anonymous", ended: "expired" });
          tokens.set(null);
        } else {
          set({ status: "unavailable", error: error instanceof Error ? error : new Error(String(error)) });
        }
      },
    );
  };

  const listeners = createListeners(() => {
    const stops = [
      // Tokens also change behind our back: renewal, a refused renewal, another tab.
      tokens.subscribe?.((pair) => {
        if (!pair) set(state.status === "anonymous" ? state : { status: "anonymous", ended: "signed-out" });
        else if (state.status === "anonymous") set({ status: "loading" });
      }),
      onSignedOut(client, () => set({ status: "anonymous", ended: "expired" })),
    ];
    if (state.status === "loading") loadAccount();
    return () => {
      reads++;
      for (const stop of stops) stop?.();
    };
  });

  return {
    subscribe: listeners.add,
    getSnapshot: () => state,
    signIn({ user, accessToken, refreshToken }) {
      set({ status: "signed-in", user });
      tokens.set({ accessToken, refreshToken });
    },
    async signOut() {
      const refreshToken = tokens.get()?.refreshToken;
      if (refreshToken) await client.auth.logout.mutate({ refreshToken }).catch(() => undefined);
      set({ status: "anonymous", ended: "signed-out" });
      tokens.set(null);
    },
    retry() {
      set(tokens.get() ? { status: "loading" } : { status: "anonymous" });
    },
    recheck() {
      if (state.status !== "signed-in") return;
      const read = ++reads;
      client.auth.me.query().then(
        (user) => {
          if (read !== reads || state.status !== "signed-in" || state.user.id !== user.id) return;
          if (JSON.stringify(state.user) !== JSON.stringify(user)) set({ status: "signed-in", user });
        },
        // A refused read needs nothing here: the client's refused renewal ends the session.
        () => undefined,
      );
    },
  };
}
