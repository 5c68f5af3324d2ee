import type { Db } from "@park/db";
import { LRUCache } from "lru-cache";
import { onLotChanged } from "./events.ts";

/**
 * Public lot reads (lists and details with live counts) are asked far more
 * often than lots change, and counting a large lot's free spots is the most
 * expensive query we run. Results are kept for at most a second and dropped
 * the moment this process changes any lot; changes made by other processes
 * show within the second. Concurrent identical reads share one query.
 */
const freshForMs = 1_000;

const caches = new WeakMap<Db, LRUCache<string, Promise<unknown>>>();
const all = new Set<LRUCache<string, Promise<unknown>>>();

onLotChanged(() => {
  for (const cache of all) cache.clear();
});

function cacheFor(db: Db) {
  let cache = caches.get(db);
  if (!cache) {
    cache = new LRUCache({ max: 2_000, ttl: freshForMs });
    caches.set(db, cache);
    all.add(cache);
  }
  return cache;
}

export function cachedRead<T>(db: Db, key: string, load: () => Promise<T>): Promise<T> {
  const cache = cacheFor(db);
  const hit = cache.get(key) as Promise<T> | undefined;
  if (hit) return hit;
  const pending = load();
  cache.set(key, pending);
  pending.catch(() => cache.delete(key));
  return pending;
}
