// The worker with a clock that starts at a chosen instant and runs at a chosen
// speed, so that tests move real processes across due times. Tests build it
// into dist-test/; dist/worker.js never reads PARK_TEST_CLOCK.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadEnv } from "../src/env.ts";
import { createLogger } from "../src/logger.ts";
import { startWorker } from "../src/worker-app.ts";

interface TestClock {
  /** The instant the clock shows at `epoch`, and before it. */
  startAt: string;
  /**
   * The real time (ms since 1970) at which the clock starts to move, shared by
   * every process of a test; or a file the test writes it to once all its
   * processes are ready (the clock stands still until then).
   */
  epoch: number | string;
  /** Clock milliseconds per real millisecond. */
  speed: number;
  tickMs: number;
  leaseMs: number;
}

const settings = JSON.parse(process.env.PARK_TEST_CLOCK ?? "null") as TestClock;
const start = Date.parse(settings.startAt);
let epoch = typeof settings.epoch === "number" ? settings.epoch : undefined;
const readEpoch = () => {
  try {
    return Number(readFileSync(settings.epoch as string, "utf8")) || undefined;
  } catch {
    return undefined;
  }
};
const clock = {
  now: () => {
    epoch ??= readEpoch();
    return new Date(epoch === undefined ? start : start + Math.max(0, Date.now() - epoch) * settings.speed);
  },
};
const env = loadEnv();
const log = createLogger(env.LOG_LEVEL);
const migrationsDir = join(fileURLToPath(new URL("../../..", import.meta.url)), "packages/db/prisma/migrations");
const worker = await startWorker({ env, log, migrationsDir, clock, tuning: { tickMs: settings.tickMs, leaseMs: settings.leaseMs } });
log.info({ owner: worker.scheduler.owner }, "worker ready");
process.on("SIGTERM", () => void worker.stop().then(() => process.exit(0)));
