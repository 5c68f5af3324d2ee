import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { openDatabase, type Db } from "@park/db";
import { copyPgliteTemplate } from "@park/db/testing";
import type { TestProject } from "vitest/node";
import { adminAccount } from "./accounts.ts";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

const webRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const serverMain = resolve(webRoot, "../server/dist/main.js");
const webDist = join(webRoot, "dist");

/** Starts the built server with its built web app on a free port and a fresh data folder. */
export default async function setup(project: TestProject) {
  const server = await startServer({ seed: true });
  project.provide("baseUrl", server.baseUrl);
  return server.stop;
}

export interface TestServer {
  baseUrl: string;
  stop: () => Promise<void>;
}

export interface ServerOptions {
  /** Without it the server holds only the bootstrap admin. */
  seed: boolean;
  /** Off: nothing delivers mail or runs jobs, so the outbox keeps what a test left in it (default on). */
  runJobs?: boolean;
  /**
   * Writes to the database before the server opens it, for a state no call can
   * produce: the embedded database admits one process at a time.
   */
  prepare?: (db: Db) => Promise<void>;
}

/**
 * A server of its own, for a test that needs a state the shared one cannot
 * promise (a single admin, say).
 */
export async function startServer({ seed, runJobs = true, prepare }: ServerOptions): Promise<TestServer> {
  if (!existsSync(serverMain)) throw new Error(`${serverMain} is missing: run \`pnpm --filter @park/server build\` first`);
  if (!existsSync(join(webDist, "index.html"))) throw new Error(`${webDist} is missing: run \`pnpm --filter @park/web build\` first`);

  const dataDir = await mkdtemp(join(tmpdir(), "park-web-e2e-"));
  // A copy of a migrated, empty embedded database: initdb's seconds of CPU are spent once for all suites.
  await copyPgliteTemplate(join(dataDir, "db"));
  if (prepare) {
    await prepareDatabase(join(dataDir, "db"), prepare).catch(async (error: unknown) => {
      await rm(dataDir, { recursive: true, force: true });
      throw error;
    });
  }
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const output: string[] = [];
  // --seed adds the demo lots and the driver and attendant accounts.
  const server = spawn(process.execPath, [serverMain, ...(seed ? ["--seed"] : [])], {
    env: {
      ...process.env,
      NODE_ENV: "test",
      HOST: "127.0.0.1",
      PORT: String(port),
      DATA_DIR: dataDir,
      DATABASE_URL: "",
      ADMIN_EMAIL: adminAccount.email,
      ADMIN_PASSWORD: adminAccount.password,
      WEB_DIST: webDist,
      LOG_LEVEL: "warn",
      // Every browser test signs up and in from 127.0.0.1.
      LOGIN_FAILURES_PER_ADDRESS: "1000000",
      REGISTRATIONS_PER_ADDRESS: "1000000",
      RUN_JOBS: String(runJobs),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  server.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));

  const stopAndClean = async () => {
    await stop(server);
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    // Seeding takes seconds, many more on a machine busy with other suites.
    await waitForHealth(baseUrl, server, 90_000);
  } catch (error) {
    await stopAndClean();
    throw new Error(`${(error as Error).message}\nserver output:\n${output.join("")}`, { cause: error });
  }
  return { baseUrl, stop: stopAndClean };
}

async function prepareDatabase(dir: string, prepare: (db: Db) => Promise<void>) {
  const database = await openDatabase({ dataDir: dir });
  try {
    await prepare(database.prisma);
  } finally {
    await database.close();
  }
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once("error", fail);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? done(address.port) : fail(new Error("no port"))));
    });
  });
}

async function waitForHealth(baseUrl: string, server: ChildProcess, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode} before it was ready`);
    const status = await fetch(`${baseUrl}/healthz`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`the server did not answer /healthz with 200 within ${timeoutMs} ms`);
}

async function stop(server: ChildProcess) {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((done) => server.once("exit", done));
  server.kill("SIGTERM");
  const timer = setTimeout(() => server.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}
