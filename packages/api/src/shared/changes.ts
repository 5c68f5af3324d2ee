import { EventEmitter } from "node:events";

/**
 * Tells whoever listens in this API instance that a lot (its details, its
 * layout or its availability) may have changed. Listeners recompute from the
 * database, so a duplicate signal is harmless and a missed one is announced
 * (`onMissed`).
 *
 * Services call `lotChanged` once their change is committed. When the
 * database relays changes (PostgreSQL: NOTIFY from triggers, heard with LISTEN
 * on a connection of this instance's own), every process's committed changes
 * arrive here too, this instance's own among them.
 */
export interface ChangeFeed {
  /** Says that this instance has just committed a change to the lot. */
  lotChanged(lotId: string): void;
  /**
   * Every signal, as early as it is known: this instance's own changes at
   * once, and others' as the database relays them; so, with a relay, this
   * instance's own changes twice. For what must never answer from before a
   * change it could know of (the read cache: a caller reads its own writes).
   * Returns the function that stops listening.
   */
  onLotChanged(listener: (lotId: string) => void): () => void;
  /**
   * Each committed change once: from the relay while it is listening (every
   * process's, this instance's included), from this instance's services
   * otherwise. For what pays per signal (the availability hub counts a lot).
   */
  onCommit(listener: (lotId: string) => void): () => void;
  /** Changes may have gone unheard (the relay was down): anything derived from any lot may be stale. */
  onMissed(listener: () => void): () => void;
  /** An admin asked for a job run: this instance's scheduler, if it has one, looks for it at once. */
  jobRequested(): void;
  onJobRequested(listener: () => void): () => void;
}

/** The database's own announcements of committed changes; `@park/db`'s `Database.lotChanges` is one. */
export interface ChangeRelay {
  listen(handlers: {
    changed(lotId: string): void;
    /** Listening has (re)started; changes committed meanwhile were missed. */
    listening(): void;
    /** Listening stopped; the relay starts it again on its own. */
    interrupted(error: unknown): void;
  }): { close(): Promise<void> };
}

export interface OwnedChangeFeed extends ChangeFeed {
  /** Stops the relay. */
  close(): Promise<void>;
}

export interface ChangeFeedOptions {
  relay?: ChangeRelay | undefined;
  onRelayInterrupted?: (error: unknown) => void;
}

export function createChangeFeed(options: ChangeFeedOptions = {}): OwnedChangeFeed {
  const emitter = new EventEmitter();
  // Every open stream and cache listens; their number is bounded elsewhere.
  emitter.setMaxListeners(0);
  const listen = <A extends unknown[]>(event: string, listener: (...args: A) => void) => {
    emitter.on(event, listener);
    return () => void emitter.off(event, listener);
  };
  // While the relay listens, it alone says what was committed: its signal for
  // this instance's own change comes a moment after the service's, and taking
  // both would count the lot twice.
  let relayed = false;
  const relay = options.relay?.listen({
    changed: (lotId) => {
      emitter.emit("lot", lotId);
      emitter.emit("commit", lotId);
    },
    listening: () => {
      relayed = true;
      emitter.emit("missed");
    },
    interrupted: (error) => {
      relayed = false;
      options.onRelayInterrupted?.(error);
    },
  });
  return {
    lotChanged: (lotId) => {
      emitter.emit("lot", lotId);
      if (!relayed) emitter.emit("commit", lotId);
    },
    onLotChanged: (listener) => listen("lot", listener),
    onCommit: (listener) => listen("commit", listener),
    onMissed: (listener) => listen("missed", listener),
    jobRequested: () => void emitter.emit("job"),
    onJobRequested: (listener) => listen("job", listener),
    close: async () => {
      relayed = false;
      await relay?.close();
    },
  };
}
