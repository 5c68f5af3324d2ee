import { EventEmitter } from "node:events";

/**
 * In-process signal that a lot's availability may have changed. Subscribers
 * recompute from the database, so a missed or duplicate signal is harmless;
 * other processes' changes are caught by the subscribers' periodic re-check.
 */
const emitter = new EventEmitter();
emitter.setMaxListeners(0);

export function lotChanged(lotId: string): void {
  emitter.emit("lot", lotId);
}

export function onLotChanged(listener: (lotId: string) => void): () => void {
  emitter.on("lot", listener);
  return () => emitter.off("lot", listener);
}
