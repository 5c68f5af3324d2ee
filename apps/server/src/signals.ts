import type { AppLogger } from "./logger.ts";

/**
 * Starts something stoppable and stops it on the first SIGTERM or SIGINT, then exits 0 (1 if stopping fails).
 * The handlers are in place before start-up begins: a signal that arrives while the database migrates or
 * the jobs start is kept, and honoured as soon as there is something to stop, rather than killing the
 * process halfway.
 */
export async function runUntilSignalled<T extends { stop(): Promise<void> }>(
  log: AppLogger,
  start: () => Promise<T>,
  { message = "shutting down", details = () => ({}) }: { message?: string; details?: (running: T) => Record<string, unknown> } = {},
): Promise<T> {
  let signal: string | undefined;
  let running: T | undefined = undefined;
  const stopAndExit = (target: T) => {
    log.info({ signal, ...details(target) }, message);
    target.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  const onSignal = (name: string) => {
    if (signal) return;
    signal = name;
    if (running) stopAndExit(running);
  };
  process.on("SIGTERM", () => onSignal("SIGTERM"));
  process.on("SIGINT", () => onSignal("SIGINT"));
  running = await start();
  if (signal) stopAndExit(running);
  return running;
}
