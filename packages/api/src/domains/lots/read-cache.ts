import { LRUCache } from "lru-cache";
import type { ChangeFeed } from "../../shared/changes.ts";

/**
 * Public lot reads (lists and details with live counts) are asked far more
 * often than lots change, and counting a large lot's free spots is the most
 * expensive query we run. Results are kept for at most a second and dropped
 * the moment this API instance changes any lot, so a caller reads its own
 * writes. Other processes' changes drop them as the database relays them
 * (PostgreSQL), a few milliseconds after their commit; the second is the
 * bound when changes go unheard, and on the embedded database, where there
 * are no other processes. Concurrent identical reads share one query. At most
 * `maxEntries` results are kept.
 */
export interface ReadCache {
  read<T>(key: string, load: () => Promise<T>): Promise<T>;
}

const freshForMs = 1_000;
const maxEntries = 2_000;

export function createReadCache(changes: ChangeFeed): ReadCache {
  const cache = new LRUCache<string, Promise<unknown>>({ max: maxEntries, ttl: freshForMs });
  changes.onLotChanged(() => cache.clear());
  changes.onMissed(() => cache.clear());
  return {
    read<T>(key: string, load: () => Promise<T>): Promise<T> {
      const hit = cache.get(key) as Promise<T> | undefined;
      if (hit) return hit;
      const pending = load();
      cache.set(key, pending);
      pending.catch(() => cache.delete(key));
      return pending;
    },
  };
}
