import type { ParkClient } from "@park/sdk";
import { useParkClient } from "@park/sdk/vue";
import { onScopeDispose, shallowRef } from "vue";
import type { LotSummary } from "../api.ts";

/** Every lot, page after page at the largest page size, by name. */
async function allLots(client: ParkClient, signal: AbortSignal): Promise<LotSummary[]> {
  const lots: LotSummary[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.lots.list.query({ limit: 100, ...(cursor ? { cursor } : {}) }, { signal });
    lots.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return lots.sort((a, b) => a.name.localeCompare(b.name));
}

/** The lots to choose from, loaded once while the component lives. */
export function useAllLots() {
  const client = useParkClient();
  const lots = shallowRef<LotSummary[] | null>(null);
  const error = shallowRef<unknown>(null);
  const abort = new AbortController();
  const load = () => {
    error.value = null;
    allLots(client, abort.signal).then(
      (found) => (lots.value = found),
      (caught: unknown) => {
        if (!abort.signal.aborted) error.value = caught;
      },
    );
  };
  load();
  onScopeDispose(() => abort.abort());
  return { lots, error, reload: load };
}
