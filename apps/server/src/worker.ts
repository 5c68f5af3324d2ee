import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { StartupError } from "./app.ts";
import { ConfigError, loadEnv } from "./env.ts";
import { createLogger } from "./logger.ts";
import { runUntilSignalled } from "./signals.ts";
import { startWorker } from "./worker-app.ts";

// Built layout: dist/worker.js beside dist/migrations.
const here = dirname(fileURLToPath(import.meta.url));

async function main() {
  const env = loadEnv();
  const log = createLogger(env.LOG_LEVEL);
  const worker = await runUntilSignalled(log, () => startWorker({ env, log, migrationsDir: join(here, "migrations") }), {
    message: "worker stopping",
    details: (running) => ({ inHand: running.scheduler.inHand() }),
  });
  log.info({ owner: worker.scheduler.owner, timezone: env.SCHEDULE_TIMEZONE }, "park worker is running jobs");
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof StartupError) {
    process.stderr.write(`park worker: ${error.message}\n`);
  } else {
    process.stderr.write(`park worker: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
