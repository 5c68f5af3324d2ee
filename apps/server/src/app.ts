import { once } from "node:events";
import { createServer, type Server } from "node:http";
import { resolve } from "node:path";
import net, { type AddressInfo } from "node:net";
import { createApi, createTokenIssuer, type Api } from "@park/api";
import { ensureUser, openDatabase, seed, type Database } from "@park/db";
import type { Env } from "./env.ts";
import { createHttpApp, type HttpApp } from "./http.ts";
import { startJobs, type RunningJobs } from "./jobs.ts";
import type { AppLogger } from "./logger.ts";
import { createRedisProbe, type RedisProbe } from "./redis.ts";
import { loadOrCreateSecret } from "./secret.ts";

export interface StartOptions {
  env: Env;
  log: AppLogger;
  migrationsDir?: string | undefined;
  webDist?: string | undefined;
  kioskDist?: string | undefined;
  seed?: boolean;
  /** Whether this process delivers the outbox (default: RUN_JOBS); a server beside a worker process leaves it to the worker. */
  deliverMail?: boolean;
}

export interface RunningApp {
  server: Server;
  db: Database;
  url: string;
  stop(): Promise<void>;
}

export class StartupError extends Error {}

/** Opens the database, migrates it, and serves the API; the caller handles signals. */
export async function startApp({ env, log, migrationsDir, webDist, kioskDist, seed: withSeed, deliverMail = env.RUN_JOBS }: StartOptions): Promise<RunningApp> {
  const dataDir = resolve(env.DATA_DIR);
  const db = await openDatabase({ url: env.DATABASE_URL, dataDir: resolve(dataDir, "db"), poolSize: env.DATABASE_POOL_SIZE, migrationsDir }).catch((error) => {
    throw new StartupError(`cannot open the database: ${describe(error)}`);
  });
  let redis: RedisProbe | undefined;
  let jobs: RunningJobs | undefined;
  try {
    const applied = await db.migrate().catch((error) => {
      throw new StartupError(`cannot migrate the database${env.DATABASE_URL ? ` at ${redact(env.DATABASE_URL)}` : ""}: ${describe(error)}`);
    });
    if (applied.length > 0) log.info({ applied }, "migrations applied");
    if (env.ADMIN_EMAIL && env.ADMIN_PASSWORD) {
      const created = await ensureUser(db.prisma, { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD, role: "admin" });
      if (created) log.info({ email: env.ADMIN_EMAIL }, "bootstrap admin created");
    }
    if (withSeed) await seed(db.prisma, { adminEmail: env.ADMIN_EMAIL, adminPassword: env.ADMIN_PASSWORD });

    const secret = env.JWT_SECRET ?? (await loadOrCreateSecret(dataDir));
    const deps = createApi({
      db: db.prisma,
      tokens: createTokenIssuer({ secret }),
      log,
      pingDb: () => db.ping(),
      changeRelay: db.lotChanges,
      defaultCurrency: env.DEFAULT_CURRENCY,
      // A fifth of the pool, so that a report never starves the calls beside it; the embedded database has one connection.
      readParallelism: env.DATABASE_URL ? Math.max(1, Math.min(4, Math.floor(env.DATABASE_POOL_SIZE / 5))) : 1,
      limits: {
        loginFailuresPerAddress: env.LOGIN_FAILURES_PER_ADDRESS,
        registrationsPerAddress: env.REGISTRATIONS_PER_ADDRESS,
        subscriptionsPerClient: env.MAX_SUBSCRIPTIONS_PER_CLIENT,
      },
    });
    redis = env.REDIS_URL ? await createRedisProbe(env.REDIS_URL) : undefined;
    const http = createHttpApp({
      deps,
      log,
      corsOrigins: env.corsOrigins,
      webDist,
      kioskDist,
      trustProxy: env.TRUST_PROXY,
      fastPath: env.PARK_FAST_PATH === "on",
      pingRedis: redis?.ping,
    });
    // Scheduled jobs (booking upkeep included), admins' requested runs and mail, unless left to other processes.
    // They start before the port opens, so that a server that answers is a server fully started.
    jobs = await startJobs({ env, log, services: deps, deliverMail, queuedMail: db.queuedMail });
    const server = createServer({ keepAliveTimeout: 65_000 }, http.listener);
    server.listen(env.PORT, env.HOST);
    try {
      await once(server, "listening");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EADDRINUSE") throw new StartupError(`port ${env.PORT} on ${env.HOST} is already in use`);
      if (code === "EACCES") throw new StartupError(`no permission to listen on port ${env.PORT}`);
      throw new StartupError(`cannot listen on ${env.HOST}:${env.PORT}: ${describe(error)}`);
    }
    const { port } = server.address() as AddressInfo;
    const url = `http://${env.HOST.includes(":") ? `[${env.HOST}]` : env.HOST}:${port}`;
    let stopping: Promise<void> | undefined;
    const started = jobs;
    return {
      server,
      db,
      url,
      stop: () =>
        (stopping ??= (async () => {
          // No new runs or messages from now on; those in hand finish while requests drain.
          const jobsStopped = started.stop();
          await stop(server, http, db, deps, () => jobsStopped);
          await redis?.close();
        })()),
    };
  } catch (error) {
    await jobs?.stop().catch(() => {});
    await redis?.close();
    await db.close().catch(() => {});
    throw error;
  }
}

/** Longest wait for calls under way before their connections are cut. */
const drainTimeoutMs = 10_000;

/** Stops accepting, lets in-flight requests and jobs finish (10 s at most for requests), closes the database. */
async function stop(server: Server, http: HttpApp, db: Database, api: Api, jobs: () => Promise<unknown>) {
  // Open streams are cut first, so that their clients reconnect (to another server) rather
  // than see their subscription complete; then the API's own timers and streams stop.
  http.stopAccepting();
  // The change relay's connection closes meanwhile; nothing needs it once the streams are gone.
  const apiClosed = api.close();
  // http.Server#close would also drop every idle keep-alive socket at this instant, resetting
  // requests their clients have already sent on them but the loop has not read yet (it can be
  // busy for a while: PGlite's work runs on it). So only the listening socket closes now; the
  // open ones are answered — in-flight calls, then `Connection: close`; anything new, 503 — and
  // closed once the calls have finished.
  const closed = new Promise<void>((done) => net.Server.prototype.close.call(server, () => done()));
  await http.drain(drainTimeoutMs);
  // One full turn of polling, so requests already sent on idle sockets are read and refused.
  for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
  // What is left is idle, or past the deadline. This also stops http.Server's timeout checks.
  server.close();
  server.closeAllConnections();
  await closed;
  await Promise.all([jobs(), apiClosed]);
  await db.close();
}

function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describe(error.errors[0]);
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}

function redact(url: string) {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "***";
  return parsed.toString();
}
