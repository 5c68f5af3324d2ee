// A program outside the repository, as it would use the published SDK: every
// import below resolves to the packed package's dist/, never to its source.
import { useQuery } from "@tanstack/react-query";
import {
  appCode,
  createLotAvailabilityStore,
  createParkClient,
  localStorageTokenStore,
  type AppCode,
  type ParkClient,
  type RouterInputs,
  type RouterOutputs,
} from "@park/sdk";
import { useAuth, useInvalidate, useLotAvailability, useTRPC } from "@park/sdk/react";
import { createPark, useParkQuery, useLotAvailability as useLiveLot } from "@park/sdk/vue";

type LotSummary = RouterOutputs["lots"]["list"]["items"][number];
type NewReservation = RouterInputs["reservations"]["create"];

const tokens = localStorageTokenStore({ key: "consumer.tokens" });
const client: ParkClient = createParkClient({ url: "http://127.0.0.1:4000", tokens });

export async function freeInLisbon(): Promise<number> {
  const page = await client.lots.list.query({ city: "Lisbon" });
  const lots: LotSummary[] = page.items;
  return lots.reduce((sum, lot) => sum + lot.available, 0);
}

export async function reserve(input: NewReservation): Promise<Date> {
  try {
    const reservation = await client.reservations.create.mutate(input);
    return reservation.startsAt;
  } catch (error) {
    const code: AppCode | undefined = appCode(error);
    if (code === "SPOT_TAKEN" || code === "LOT_FULL") throw new Error("Try another time", { cause: error });
    throw error;
  }
}

export function watchLot(lotId: string): () => void {
  const store = createLotAvailabilityStore(client, lotId);
  return store.subscribe(() => {
    const free: number | undefined = store.getSnapshot().data?.available;
    console.log(free);
  });
}

export function useLotPage(lotId: string) {
  const trpc = useTRPC();
  const lot = useQuery(trpc.lots.byId.queryOptions({ id: lotId }));
  const name: string | undefined = lot.data?.name;
  const live = useLotAvailability(lotId);
  const invalidate = useInvalidate();
  const { user } = useAuth();
  return { name, free: live.data?.available, refresh: () => invalidate(trpc.lots), role: user?.role };
}

export const vuePlugin = createPark({ client, tokens });

export function useVueLot(lotId: string) {
  const lot = useParkQuery((park) => park.lots.byId, { id: lotId });
  const live = useLiveLot(lotId);
  return { capacity: lot.data.value?.capacity, free: live.value.data?.available };
}

// The types are the router's own, not `any`: each line below must be refused.

// @ts-expect-error A lot's free count is a number, not text.
export const wrongCount: RouterOutputs["lots"]["list"]["items"][number]["available"] = "many";

// @ts-expect-error There is no such domain code.
export const unknownCode: AppCode = "NOT_A_CODE";

// @ts-expect-error lots.byId needs the lot's id.
export const missingId = () => client.lots.byId.query({});

// @ts-expect-error No procedure by that name.
export const noSuchProcedure = () => client.lots.nothingHere.query();
