import { createParkClient, errorCode, isParkError, localStorageTokenStore, type RouterInputs, type RouterOutputs } from "@park/sdk";
import { QueryClient } from "@tanstack/react-query";

export type { User } from "@park/sdk";
export type Role = RouterOutputs["auth"]["me"]["role"];

/** Tokens kept in localStorage, so a reload or a new tab stays signed in. */
export const tokens = localStorageTokenStore({ key: "park.tokens" });

export const api = createParkClient({ url: import.meta.env.VITE_API_URL ?? window.location.origin, tokens });

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A refusal stays a refusal; only an unreachable server is worth asking again.
      retry: (failures, error) => failures < 2 && !errorCode(error),
      refetchOnWindowFocus: true,
    },
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

export type PageRequest = { cursor?: string; limit: number };

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
