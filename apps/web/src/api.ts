import { createParkClient, errorCode, isParkError, type RouterInputs, type RouterOutputs, type TokenPair, type TokenStore } from "@park/sdk";

export type User = RouterOutputs["auth"]["me"];
export type Role = User["role"];

export interface ObservableTokenStore extends TokenStore {
  /** Called after every change, including changes made by other tabs. */
  subscribe(listener: (tokens: TokenPair | null) => void): () => void;
}

/** Tokens kept in localStorage so a reload or a new tab stays signed in. */
export function localTokenStore(key: string, storage: Storage = window.localStorage): ObservableTokenStore {
  const listeners = new Set<(tokens: TokenPair | null) => void>();
  const read = (): TokenPair | null => {
    try {
      const parsed: unknown = JSON.parse(storage.getItem(key) ?? "null");
      return isTokenPair(parsed) ? parsed : null;
    } catch {
      return null;
    }
  };
  const notify = () => {
    const current = read();
    for (const listener of listeners) listener(current);
  };
  window.addEventListener("storage", (event) => {
    if (event.key === key || event.key === null) notify();
  });
  return {
    get: read,
    set(tokens) {
      if (tokens) storage.setItem(key, JSON.stringify(tokens));
      else storage.removeItem(key);
      notify();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function isTokenPair(value: unknown): value is TokenPair {
  if (typeof value !== "object" || value === null) return false;
  const { accessToken, refreshToken } = value as Record<string, unknown>;
  return typeof accessToken === "string" && typeof refreshToken === "string";
}

export const tokens = localTokenStore("park.tokens");

const signedOutListeners = new Set<() => void>();

/** Runs `listener` when the SDK gives up on renewing the session. */
export function onSessionEnded(listener: () => void): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

export const api = createParkClient({
  url: import.meta.env.VITE_API_URL ?? window.location.origin,
  tokens,
  onSignedOut: () => {
    for (const listener of signedOutListeners) listener();
  },
});

/** A message fit to show the person who made the call. */
export function messageOf(error: unknown): string {
  if (!isParkError(error) || !errorCode(error)) return "Cannot reach the server. Check your connection and try again.";
  if (errorCode(error) === "INTERNAL_SERVER_ERROR") return "Something went wrong on our side. Please try again.";
  return error.message;
}

export type LotSummary = RouterOutputs["lots"]["list"]["items"][number];
export type Lot = RouterOutputs["lots"]["byId"];
export type Occupancy = RouterOutputs["lots"]["occupancy"];
export type Spot = RouterOutputs["spots"]["list"]["items"][number];
export type SpotStatus = Spot["status"];
export type SpotKind = Spot["kind"];
export type Vehicle = RouterOutputs["vehicles"]["list"][number];
export type VehicleType = Vehicle["type"];
export type Reservation = RouterOutputs["reservations"]["list"]["items"][number];
export type ReservationStatus = Reservation["status"];
export type Session = RouterOutputs["sessions"]["list"]["items"][number];
export type PaymentMethod = RouterInputs["sessions"]["pay"]["method"];
export type AdminUser = RouterOutputs["admin"]["users"]["list"]["items"][number];
export type AuditEntry = RouterOutputs["admin"]["audit"]["list"]["items"][number];

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Every item of a paged procedure, fetched page after page at the largest page size. */
export async function allPages<T>(load: (page: { cursor?: string; limit: number }) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await load({ limit: 100, ...(cursor ? { cursor } : {}) });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}
