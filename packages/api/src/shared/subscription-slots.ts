import { AppError } from "./errors.ts";
import { addressBucket } from "./client-address.ts";

export interface SubscriptionSlots {
  /**
   * Takes one of the address's slots for an open stream; throws
   * `TOO_MANY_SUBSCRIPTIONS` when it has none left. The returned function gives
   * the slot back and may be called any number of times.
   */
  acquire(address: string): () => void;
  /** Open streams of one address, for tests and diagnostics. */
  inUse(address: string): number;
}

/**
 * Every open stream holds a connection and a watcher for as long as its
 * client likes, so one client could otherwise hold thousands. Counted per
 * process and per address, the way the login limits count addresses (IPv6 by
 * its /64); streams are tied to the process that serves them, so nothing
 * needs sharing.
 */
export function createSubscriptionSlots(maxPerClient: number): SubscriptionSlots {
  const open = new Map<string, number>();
  return {
    acquire(address) {
      const key = addressBucket(address);
      const held = open.get(key) ?? 0;
      if (held >= maxPerClient) throw new AppError("TOO_MANY_SUBSCRIPTIONS", `At most ${maxPerClient} live updates may be open at once from one address`);
      open.set(key, held + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (open.get(key) ?? 1) - 1;
        if (left > 0) open.set(key, left);
        else open.delete(key);
      };
    },
    inUse: (address) => open.get(addressBucket(address)) ?? 0,
  };
}
