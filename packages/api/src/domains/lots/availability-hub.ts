import type { Services } from "../../shared/services.ts";
import { availableNow, type LiveAvailability } from "./service.ts";

export interface AvailabilityUpdate {
  lotId: string;
  available: number;
  at: Date;
}

export interface AvailabilityHub {
  /** Says that a lot's availability may have changed; lots nobody watches cost nothing. */
  changed(lotId: string): void;
  /** Says that any lot's may have (changes went unheard): every watched lot is counted again. */
  changedAll(): void;
  /**
   * The lot's free-spot count now and whenever it changes, until `signal`
   * aborts or the hub closes. A watcher that reads slowly skips to the latest
   * value rather than queueing old ones.
   */
  watch(lotId: string, signal?: AbortSignal): AsyncGenerator<AvailabilityUpdate, void>;
  /** Ends every stream and stops all timers; later watches end at once. */
  close(): void;
  /** How many lots have watchers right now. */
  watchedLots(): number;
}

export interface AvailabilityHubOptions {
  /** The database counted from, and the change feed followed (unless `followLotChanges` is false). */
  services: Services;
  /** Counts a lot's free spots now, and says when the count next changes with time (default: the database's). */
  count?: (lotId: string) => Promise<LiveAvailability>;
  /**
   * The longest a watched lot goes without a count. Changes arrive as
   * signals and the passage of time is foreseen by each count, so this is
   * only a safety net for writes that skip the database's triggers (a bulk
   * load with them disabled, say); it also keeps timers within what
   * setTimeout can hold.
   */
  maxQuietMs?: number;
  /** How long after a failed count the lot is counted again. */
  retryMs?: number;
  /**
   * A lot is counted at most once per this long: a change after a quiet spell
   * is counted at once, and the changes of a busy lot share the next count.
   */
  minIntervalMs?: number;
  /** Take change signals from the services' change feed, each committed change once (default true). */
  followLotChanges?: boolean;
  onError?: (error: unknown, lotId: string) => void;
}

interface Watcher {
  /** Resolves the watcher's wait for a new value; a no-op while it is not waiting. */
  wake: () => void;
}

interface LotState {
  watchers: Set<Watcher>;
  /** The last count, shared by every watcher; undefined until the first one lands. */
  latest: AvailabilityUpdate | undefined;
  counting: boolean;
  /** When the last count started (ms since the epoch). */
  lastStarted: number;
  /** A change arrived while counting: the count in flight may have missed it. */
  stale: boolean;
  pending: NodeJS.Timeout | undefined;
  /** The next count due with no signal: when time changes the count, after a failure, or the safety net. */
  due: NodeJS.Timeout | undefined;
  released: boolean;
}

const noop = () => {};

/** Past a timed change, so that the count taken then sees it. */
const slackMs = 5;

/**
 * One count per lot per change, shared by all of that lot's watchers: with
 * hundreds of clients on a lot, counting once per watcher would cost the
 * database more than the bookings that cause the changes. At most one count
 * per lot is in flight; changes that arrive meanwhile cause one more after it,
 * and a lot booked many times a second is counted at most every
 * `minIntervalMs`, so a busy lot costs a bounded number of counts whatever
 * its booking rate. A lot's state lives only while someone watches it.
 *
 * Nothing is polled. Changes arrive as signals: on PostgreSQL every process's
 * committed changes, relayed by the database, so a change made through any
 * server reaches watchers on all of them; on the embedded database this
 * process's own, which are all there are. What changes with time alone (a
 * booking's window opening or closing) each count foresees, and the lot is
 * counted again at that instant.
 */
export function createAvailabilityHub(options: AvailabilityHubOptions): AvailabilityHub {
  const { services, maxQuietMs = 10 * 60_000, retryMs = 1_000, minIntervalMs = 50, followLotChanges = true } = options;
  const count = options.count ?? ((lotId: string) => availableNow(services, lotId));
  const onError = options.onError ?? noop;
  const lots = new Map<string, LotState>();
  let closed = false;

  const publish = (lot: LotState) => {
    for (const watcher of lot.watchers) watcher.wake();
  };

  const schedule = (lotId: string, lot: LotState) => {
    if (lot.counting) {
      lot.stale = true;
      return;
    }
    if (lot.pending) return;
    lot.pending = setTimeout(() => void recount(lotId, lot), Math.max(0, lot.lastStarted + minIntervalMs - Date.now()));
    lot.pending.unref();
  };

  const recount = async (lotId: string, lot: LotState) => {
    lot.pending = undefined;
    lot.counting = true;
    lot.lastStarted = Date.now();
    lot.stale = false;
    clearTimeout(lot.due);
    let nextInMs = retryMs;
    try {
      const at = new Date();
      const { available, changesAt } = await count(lotId);
      nextInMs = changesAt ? changesAt.getTime() - services.clock.now().getTime() + slackMs : maxQuietMs;
      if (!lot.released && available !== lot.latest?.available) {
        lot.latest = { lotId, available, at };
        publish(lot);
      }
    } catch (error) {
      // The watchers keep the last value until the retry.
      if (!lot.released) onError(error, lotId);
    } finally {
      lot.counting = false;
      if (!lot.released) {
        if (lot.stale) schedule(lotId, lot);
        lot.due = setTimeout(() => schedule(lotId, lot), Math.min(Math.max(nextInMs, 0), maxQuietMs));
        lot.due.unref();
      }
    }
  };

  const release = (lotId: string, lot: LotState) => {
    lot.released = true;
    clearTimeout(lot.pending);
    clearTimeout(lot.due);
    if (lots.get(lotId) === lot) lots.delete(lotId);
  };

  const stopFollowing = followLotChanges
    ? (() => {
        const stops = [services.changes.onCommit((lotId) => hub.changed(lotId)), services.changes.onMissed(() => hub.changedAll())];
        return () => stops.forEach((stop) => stop());
      })()
    : noop;

  const hub: AvailabilityHub = {
    changed(lotId) {
      const lot = lots.get(lotId);
      if (lot) schedule(lotId, lot);
    },

    changedAll() {
      for (const [lotId, lot] of lots) schedule(lotId, lot);
    },

    async *watch(lotId, signal) {
      if (closed || signal?.aborted) return;
      let lot = lots.get(lotId);
      if (!lot) {
        lot = {
          watchers: new Set(),
          latest: undefined,
          counting: false,
          lastStarted: 0,
          stale: false,
          pending: undefined,
          due: undefined,
          released: false,
        };
        lots.set(lotId, lot);
        schedule(lotId, lot);
      }
      const watcher: Watcher = { wake: noop };
      lot.watchers.add(watcher);
      // A generator waiting inside is not ended by return() until it yields, so abort must wake it.
      const onAbort = () => watcher.wake();
      signal?.addEventListener("abort", onAbort);
      try {
        let sent: number | undefined;
        while (!closed && !signal?.aborted) {
          const latest = lot.latest;
          if (latest && latest.available !== sent) {
            sent = latest.available;
            yield latest;
            continue;
          }
          await new Promise<void>((resolve) => {
            watcher.wake = () => {
              watcher.wake = noop;
              resolve();
            };
          });
        }
      } finally {
        signal?.removeEventListener("abort", onAbort);
        lot.watchers.delete(watcher);
        if (lot.watchers.size === 0) release(lotId, lot);
      }
    },

    close() {
      if (closed) return;
      closed = true;
      stopFollowing();
      for (const [lotId, lot] of [...lots]) {
        release(lotId, lot);
        publish(lot);
      }
    },

    watchedLots: () => lots.size,
  };
  return hub;
}
