import { createParkClient, localStorageTokenStore, type RouterOutputs } from "@park/sdk";

// A gate kiosk stays signed in as its attendant through reloads, apart from
// whoever uses the web app in the same browser.
export const tokens = localStorageTokenStore({ key: "park.kiosk.tokens" });

export const park = createParkClient({ url: import.meta.env.VITE_API_URL ?? window.location.origin, tokens });

export type Lot = RouterOutputs["lots"]["byId"];
export type LotSummary = RouterOutputs["lots"]["list"]["items"][number];
export type Session = RouterOutputs["gate"]["exit"];
export type Spot = RouterOutputs["lots"]["availability"]["spots"][number];
export type SpotKind = Spot["kind"];
export type Role = RouterOutputs["auth"]["me"]["role"];
