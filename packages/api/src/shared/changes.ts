import { EventEmitter } from "node:events";

/**
 * Tells whoever listens in this API instance that a lot's availability may
 * have changed, or that an admin asked for a job run. Listeners recompute from the database, so a missed or
 * duplicate signal is harmless; other processes' changes reach them by their
 * own re-checks.
 */
export interface ChangeFeed {
  lotChanged(lotId: string): void;
  /** Returns the function that stops listening. */
  onLotChanged(listener: (lotId: string) => void): () => void;
  /** An admin asked for a job run: this instance's scheduler, if it has one, looks for it at once. */
  jobRequested(): void;
  onJobRequested(listener: () => void): () => void;
}

export function createChangeFeed(): ChangeFeed {
  const emitter = new EventEmitter();
  // Every open stream and cache listens; their number is bounded elsewhere.
  emitter.setMaxListeners(0);
  return {
    lotChanged: (lotId) => void emitter.emit("lot", lotId),
    onLotChanged: (listener) => {
      emitter.on("lot", listener);
      return () => void emitter.off("lot", listener);
    },
    jobRequested: () => void emitter.emit("job"),
    onJobRequested: (listener) => {
      emitter.on("job", listener);
      return () => void emitter.off("job", listener);
    },
  };
}
