import { errorCode } from "@park/sdk";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { api, messageOf, onSessionEnded, tokens, type User } from "./api.ts";

export type AuthState =
  { status: "loading" } | { status: "anonymous"; ended?: SessionEnd } | { status: "signed-in"; user: User } | { status: "unavailable"; message: string };

/** How the last session ended, so the sign-in page can say so. */
export type SessionEnd = "signed-out" | "expired";

export interface Auth {
  state: AuthState;
  /** The signed-in user, or null while loading or signed out. */
  user: User | null;
  signIn(session: { user: User; accessToken: string; refreshToken: string }): void;
  signOut(): Promise<void>;
  retry(): void;
  /** Reads the account again, so a role changed or an account disabled meanwhile shows now. */
  recheck(): void;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>(() => (tokens.get() ? { status: "loading" } : { status: "anonymous" }));

  // Tokens also change behind our back: renewal, a failed renewal, another tab.
  useEffect(
    () =>
      tokens.subscribe((pair) =>
        setState((current) => {
          if (!pair) return current.status === "anonymous" ? current : { status: "anonymous", ended: "signed-out" };
          return current.status === "anonymous" ? { status: "loading" } : current;
        }),
      ),
    [],
  );

  useEffect(() => onSessionEnded(() => setState({ status: "anonymous", ended: "expired" })), []);

  useEffect(() => {
    if (state.status !== "loading") return;
    let current = true;
    api.auth.me.query().then(
      (user) => current && setState({ status: "signed-in", user }),
      (error: unknown) => {
        if (!current) return;
        if (errorCode(error) === "UNAUTHORIZED") {
          tokens.set(null);
          setState({ status: "anonymous", ended: "expired" });
        } else {
          setState({ status: "unavailable", message: messageOf(error) });
        }
      },
    );
    return () => {
      current = false;
    };
  }, [state.status]);

  const signIn = useCallback<Auth["signIn"]>(({ user, accessToken, refreshToken }) => {
    setState({ status: "signed-in", user });
    tokens.set({ accessToken, refreshToken });
  }, []);

  const signOut = useCallback(async () => {
    const refreshToken = tokens.get()?.refreshToken;
    // Revoking is best effort: the local tokens go whether or not the server is reachable.
    if (refreshToken) await api.auth.logout.mutate({ refreshToken }).catch(() => undefined);
    setState({ status: "anonymous", ended: "signed-out" });
    tokens.set(null);
  }, []);

  const retry = useCallback(() => setState(tokens.get() ? { status: "loading" } : { status: "anonymous" }), []);

  const latest = useRef(state);
  useEffect(() => {
    latest.current = state;
  });
  // A refused read needs nothing here: the client's failed renewal ends the session for us.
  const recheck = useCallback(() => {
    if (latest.current.status !== "signed-in") return;
    api.auth.me.query().then(
      (user) =>
        setState((current) =>
          current.status === "signed-in" && current.user.id === user.id && JSON.stringify(current.user) !== JSON.stringify(user)
            ? { status: "signed-in", user }
            : current,
        ),
      () => undefined,
    );
  }, []);

  const value = useMemo<Auth>(
    () => ({ state, user: state.status === "signed-in" ? state.user : null, signIn, signOut, retry, recheck }),
    [state, signIn, signOut, retry, recheck],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error("useAuth needs an <AuthProvider> above it");
  return auth;
}

/** Where to send someone who must sign in first, so they come back afterwards. */
export function signInPath(next: string, ended?: SessionEnd): string {
  return `/sign-in?${ended ? `reason=${ended}&` : ""}next=${encodeURIComponent(next)}`;
}

/** `next` from the query string, if it is a path on this site. */
export function safeNext(value: string | null): string | null {
  return value && value.startsWith("/") && !value.startsWith("//") && !value.startsWith("/\\") ? value : null;
}
