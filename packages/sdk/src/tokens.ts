import { browser, type TokenStorage } from "./browser.ts";
import { createListeners } from "./listeners.ts";

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
}

/** Where a client keeps its tokens: memory, localStorage, a file… */
export interface TokenStore {
  get(): TokenPair | null;
  set(tokens: TokenPair | null): void;
  /** Calls `listener` after every change, including changes made elsewhere (another tab); returns the way to stop. */
  subscribe?(listener: (tokens: TokenPair | null) => void): () => void;
  /**
   * Runs `task` while no other holder of the same tokens runs one (another tab
   * sharing localStorage), so that only one of them spends the refresh token:
   * the server revokes the whole family when a spent one is used again.
   */
  exclusive?<T>(task: () => Promise<T>): Promise<T>;
}

export function memoryTokenStore(initial: TokenPair | null = null): TokenStore {
  let tokens = initial;
  const watchers = createListeners<[TokenPair | null]>();
  return {
    get: () => tokens,
    set(next) {
      tokens = next;
      watchers.notify(next);
    },
    subscribe: watchers.add,
  };
}

export interface LocalStorageTokenStoreOptions {
  /** The storage key (default `park.tokens`). */
  key?: string;
  /** Default: `globalThis.localStorage` when there is one; without any, tokens live in memory only. */
  storage?: TokenStorage | null;
}

/**
 * Tokens kept in localStorage, so a reload or a new tab stays signed in.
 * Storage that is missing, full, blocked (private windows) or holds something
 * unreadable under the key counts as signed out, never as an error.
 */
export function localStorageTokenStore(options: LocalStorageTokenStoreOptions = {}): TokenStore {
  const key = options.key ?? "park.tokens";
  const storage = options.storage === undefined ? defaultStorage() : options.storage;
  // Once the storage refuses a write (quota, blocked), this page keeps its tokens in memory.
  let memory: { tokens: TokenPair | null } | null = storage ? null : { tokens: null };

  const read = (): TokenPair | null => {
    if (memory || !storage) return memory?.tokens ?? null;
    try {
      const parsed: unknown = JSON.parse(storage.getItem(key) ?? "null");
      return isTokenPair(parsed) ? parsed : null;
    } catch {
      return null;
    }
  };

  // Another tab signing in or out, or renewing, shows here too.
  const onStorage = (event: { key: string | null }) => {
    if (event.key === key || event.key === null) watchers.notify(read());
  };
  const watchers = createListeners<[TokenPair | null]>(() => {
    browser.addEventListener?.("storage", onStorage);
    return () => browser.removeEventListener?.("storage", onStorage);
  });

  return {
    get: read,
    set(tokens) {
      if (storage && !memory) {
        try {
          if (tokens) storage.setItem(key, JSON.stringify(tokens));
          else storage.removeItem(key);
        } catch {
          memory = { tokens };
        }
      }
      if (memory) memory.tokens = tokens;
      watchers.notify(tokens);
    },
    subscribe: watchers.add,
    exclusive<T>(task: () => Promise<T>): Promise<T> {
      const locks = browser.navigator?.locks;
      return locks ? locks.request(`${key}:refresh`, task) : task();
    },
  };
}

function defaultStorage(): TokenStorage | null {
  try {
    return browser.localStorage ?? null;
  } catch {
    // Reading `localStorage` itself throws where the browser blocks storage.
    return null;
  }
}

function isTokenPair(value: unknown): value is TokenPair {
  if (typeof value !== "object" || value === null) return false;
  const { accessToken, refreshToken } = value as Record<string, unknown>;
  return typeof accessToken === "string" && typeof refreshToken === "string";
}
