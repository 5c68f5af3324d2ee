import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startApp, StartupError } from "./app.ts";
import { ConfigError, loadEnv } from "./env.ts";
import { createLogger } from "./logger.ts";
import { runUntilSignalled } from "./signals.ts";

// Built layout: dist/main.js beside dist/migrations; the web app in apps/web/dist, the kiosk in apps/kiosk/dist.
const here = dirname(fileURLToPath(import.meta.url));

async function main() {
  const env = loadEnv();
  const log = createLogger(env.LOG_LEVEL);
  const app = await runUntilSignalled(log, () =>
    startApp({
      env,
      log,
      migrationsDir: join(here, "migrations"),
      webDist: env.WEB_DIST ?? join(here, "../../web/dist"),
      kioskDist: env.KIOSK_DIST ?? join(here, "../../kiosk/dist"),
      seed: process.argv.includes("--seed"),
    }),
  );
  log.info({ url: app.url, database: app.db.kind }, "park is listening");
}

main().catch((error: unknown) => {
  // Known start-up problems get one clear line; anything else is a bug and keeps its stack.
  if (error instanceof ConfigError || error instanceof StartupError) {
    process.stderr.write(`park: ${error.message}\n`);
  } else {
    process.stderr.write(`park: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
