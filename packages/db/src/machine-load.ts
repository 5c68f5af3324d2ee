// How busy the machine running the tests is: bounds on how quickly something happens are set for a
// quiet machine and scaled by this, since suites running beside each other slow everything alike.
import { spawn } from "node:child_process";

/**
 * How much slower than a quiet machine this one is right now, at least 1: the time a bare Node process
 * takes from spawn to exit, over the 100 ms it takes on a quiet one.
 */
export async function machineSlowdown(): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, ["-e", "0"], { stdio: "ignore" });
  await new Promise((done) => child.once("exit", done));
  return Math.max(1, (performance.now() - started) / 100);
}

/** Measures `machineSlowdown` over and over while something runs; `stop` gives the largest figure seen. */
export function watchSlowdown(): { stop(): Promise<number> } {
  let watching = true;
  let largest = 1;
  const sampling = (async () => {
    while (watching) {
      largest = Math.max(largest, await machineSlowdown());
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  })();
  return {
    stop: async () => {
      watching = false;
      await sampling;
      return largest;
    },
  };
}

/** Runs `work`, timing it and watching the machine meanwhile: a bound on `ms` scales by `slowdown`. */
export async function timeOnThisMachine<T>(work: () => Promise<T>): Promise<{ value: T; ms: number; slowdown: number }> {
  const watch = watchSlowdown();
  const started = performance.now();
  try {
    const value = await work();
    const ms = performance.now() - started;
    return { value, ms, slowdown: await watch.stop() };
  } finally {
    // Stopping twice is harmless; a failing `work` must not leave the watch sampling.
    await watch.stop();
  }
}
