// Runs the built server (apps/server/dist/main.js) as real child processes, the
// way it is deployed, so tests cross process boundaries and share only the
// database.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { copyPgliteTemplate } from "@park/db/testing";

export const repoRoot = resolve(fileURLToPath(new URL("../../..", import.meta.url)));
export const serverEntry = join(repoRoot, "apps/server/dist/main.js");
export const workerEntry = join(repoRoot, "apps/server/dist/worker.js");

export interface ServerProcess {
  name: string;
  url: string;
  port: number;
  dataDir: string;
  child: ChildProcess;
  /** Everything the process wrote so far (the tail, when it is long). */
  output(): string;
  /** Resolves once it answers /healthz; rejects if it exits first. */
  ready(timeoutMs?: number): Promise<void>;
  /** SIGTERM, then SIGKILL if it has not exited in time; removes its DATA_DIR unless kept. */
  stop(options?: { keepDataDir?: boolean }): Promise<void>;
}

export interface SpawnOptions {
  name: string;
  env: Record<string, string | undefined>;
  /** An existing DATA_DIR; a fresh temporary one otherwise. */
  dataDir?: string;
  /**
   * An embedded database with no data folder yet starts as a copy of a migrated, empty one, which
   * saves initdb's seconds of CPU per process; `fresh` makes the server create and migrate its own.
   */
  fresh?: boolean;
}

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.unref();
    probe.once("error", fail);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (address && typeof address === "object" ? done(address.port) : fail(new Error("no port"))));
    });
  });
}

const live = new Set<ChildProcess>();
// A crashed or interrupted test run must not leave servers holding ports and database connections.
process.once("exit", () => {
  for (const child of live) child.kill("SIGKILL");
  killWorkers();
});

const maxOutput = 256 * 1024;

export async function spawnServer(options: SpawnOptions): Promise<ServerProcess> {
  if (!existsSync(serverEntry)) throw new Error(`${serverEntry} is missing: run \`pnpm --filter @park/server build\` first`);
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), `park-${options.name}-`)));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
    // Suites register and sign in many users from 127.0.0.1; tests of these limits set their own.
    LOGIN_FAILURES_PER_ADDRESS: "1000000",
    REGISTRATIONS_PER_ADDRESS: "1000000",
    ...options.env,
    PORT: String(port),
    DATA_DIR: dataDir,
  };
  // The parent's database settings must not leak into a server meant to use its own.
  if (!("DATABASE_URL" in options.env)) delete env.DATABASE_URL;
  if (!env.DATABASE_URL && !options.fresh && !existsSync(join(dataDir, "db"))) await copyPgliteTemplate(join(dataDir, "db"));
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];

  const child = spawn(process.execPath, [serverEntry], { cwd: repoRoot, env, stdio: ["ignore", "pipe", "pipe"] });
  live.add(child);
  let text = "";
  const append = (chunk: Buffer) => {
    text += chunk.toString("utf8");
    if (text.length > maxOutput) text = text.slice(-maxOutput);
  };
  child.stdout!.on("data", append);
  child.stderr!.on("data", append);
  const exited = new Promise<number | null>((done) => {
    child.once("exit", (code, signal) => {
      live.delete(child);
      done(code ?? (signal ? -1 : null));
    });
  });
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));

  const url = `http://127.0.0.1:${port}`;
  const server: ServerProcess = {
    name: options.name,
    url,
    port,
    dataDir,
    child,
    output: () => text,
    ready: async (timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (exitCode !== undefined) throw new Error(`server ${options.name} exited with ${exitCode} before it was ready:\n${text}`);
        try {
          const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
          if (response.status === 200) return;
        } catch {
          // Not listening yet.
        }
        if (Date.now() > deadline) throw new Error(`server ${options.name} not ready after ${timeoutMs} ms:\n${text}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    stop: async ({ keepDataDir = false } = {}) => {
      if (exitCode === undefined) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
        await exited;
        clearTimeout(timer);
      }
      if (!keepDataDir && !options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
  return server;
}

const workers = new Set<ChildProcess>();

/** Kills every worker process still running. */
export function killWorkers(): void {
  for (const child of workers) child.kill("SIGKILL");
}

export interface WorkerProcess {
  child: ChildProcess;
  lines(): Record<string, unknown>[];
  output(): string;
  exited: Promise<number | null>;
  /** Resolves once the worker logs a line with this message. */
  logged(msg: string, timeoutMs?: number): Promise<Record<string, unknown>>;
}

/** A worker process (dist/worker.js, or a test build of it) with the given environment only. */
export function spawnWorker(entry: string, env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, [entry], {
    cwd: join(repoRoot, "apps/server"),
    env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "info", DATABASE_POOL_SIZE: "4", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  workers.add(child);
  child.once("exit", () => workers.delete(child));
  let text = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
  const exited = new Promise<number | null>((done) => child.once("exit", (code) => setImmediate(() => done(code))));
  const lines = () =>
    text
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return {
    child,
    lines,
    output: () => text,
    exited,
    logged: async (msg, timeoutMs = 20_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = lines().find((line) => line.msg === msg);
        if (found) return found;
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no "${msg}" from the worker:\n${text}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
  };
}

/** Reads until `done` holds, failing with what it last read after `timeoutMs`. */
export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
