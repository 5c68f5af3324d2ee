// The built server as an operator runs it: `node dist/main.js` with only
// environment variables. Start-up problems must read as one clear line.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { copyPgliteTemplate } from "@park/db/testing";
import { anonymousClient, jwtSecret, unique } from "./helpers.ts";

const serverDir = fileURLToPath(new URL("..", import.meta.url));
const mainJs = join(serverDir, "dist", "main.js");

let dataRoot: string;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  if (!existsSync(mainJs)) {
    const built = spawnSync(process.execPath, ["build.mjs"], { cwd: serverDir, encoding: "utf8" });
    if (built.status !== 0) throw new Error(`building the server failed:\n${built.stderr}`);
  }
  dataRoot = await mkdtemp(join(tmpdir(), "park-config-test-"));
}, 120_000);

afterAll(async () => {
  // Only a failed test leaves a server running.
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  if (dataRoot) await rm(dataRoot, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts dist/main.js with exactly these variables (plus PATH), in a fresh data folder unless given one.
 * `migrated` starts the embedded database as a copy of a migrated one, for tests of something else than
 * a first start.
 */
async function launch(vars: Record<string, string>, { migrated = false } = {}): Promise<Started> {
  const dataDir = await mkdtemp(join(dataRoot, "data-"));
  if (migrated) await copyPgliteTemplate(join(dataDir, "db"));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    DATA_DIR: dataDir,
    PORT: "0",
    HOST: "127.0.0.1",
    ...vars,
  };
  const child = spawn(process.execPath, [mainJs], { cwd: serverDir, env, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  let out = "";
  let err = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (err += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once("exit", (code, signal) => {
      // Let the pipes drain before the output is read.
      setImmediate(() => done({ code, signal }));
    }),
  );
  return { child, stdout: () => out, stderr: () => err, exited };
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
    }),
  ]);
}

/** Runs a configuration that must not start; returns its single stderr line. */
async function refusesToStart(vars: Record<string, string>, options: { migrated?: boolean } = {}): Promise<string> {
  const started = await launch(vars, options);
  const { code } = await within(started.exited, 45_000, "refusing to start");
  const stderr = started.stderr();
  expect(code, `exit code; stderr was: ${stderr}`).not.toBe(0);
  expect(code).not.toBeNull();
  expect(stderr, "no stack trace").not.toContain("    at ");
  expect(stderr.endsWith("\n"), "ends with a newline").toBe(true);
  const lines = stderr.trimEnd().split("\n");
  expect(lines, `stderr was: ${stderr}`).toHaveLength(1);
  expect(lines[0]!.length).toBeGreaterThan(10);
  expect(lines[0]!.length).toBeLessThan(400);
  return lines[0]!;
}

/** Waits for the "listening" log line and returns the URL it names. */
async function listeningUrl(started: Started): Promise<string> {
  // A first start creates the embedded database: seconds on a quiet machine, a minute or more on a crowded one.
  const deadline = Date.now() + 150_000;
  while (Date.now() < deadline) {
    for (const line of started.stdout().split("\n")) {
      if (!line.startsWith("{")) continue;
      const entry = JSON.parse(line) as { url?: string };
      if (entry.url) return entry.url;
    }
    if (started.child.exitCode !== null) throw new Error(`the server exited (${started.child.exitCode}): ${started.stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the server did not log its URL; stdout: ${started.stdout()} stderr: ${started.stderr()}`);
}

describe("refusing a bad configuration with one clear line", () => {
  test("NODE_ENV=production without JWT_SECRET", async () => {
    const line = await refusesToStart({ NODE_ENV: "production" });
    expect(line).toContain("JWT_SECRET");
  });

  test("a JWT_SECRET shorter than 32 characters", async () => {
    const line = await refusesToStart({ JWT_SECRET: "too-short-secret" });
    expect(line).toContain("JWT_SECRET");
    expect(line).toContain("32");
  });

  test.each(["mysql://x", "not a url", "postgresql//missing-colon"])("DATABASE_URL=%s", async (url) => {
    const line = await refusesToStart({ DATABASE_URL: url, JWT_SECRET: jwtSecret });
    expect(line).toContain("DATABASE_URL");
  });

  test("an unreachable PostgreSQL server", async () => {
    const line = await refusesToStart({ DATABASE_URL: "postgresql://postgres@127.0.0.1:1/x", JWT_SECRET: jwtSecret });
    expect(line).toMatch(/database/i);
    expect(line).toMatch(/127\.0\.0\.1:1\b|ECONNREFUSED/);
  });

  test("a PORT that is not a number", async () => {
    const line = await refusesToStart({ PORT: "eighty", JWT_SECRET: jwtSecret });
    expect(line).toContain("PORT");
  });

  test("a SCHEDULE_TIMEZONE that is no IANA zone, and a RUN_JOBS that is no boolean", async () => {
    expect(await refusesToStart({ SCHEDULE_TIMEZONE: "Mars/Olympus", JWT_SECRET: jwtSecret })).toContain(
      "SCHEDULE_TIMEZONE must be an IANA timezone such as UTC or Europe/Paris",
    );
    expect(await refusesToStart({ RUN_JOBS: "sometimes", JWT_SECRET: jwtSecret })).toContain('RUN_JOBS must be "true" or "false"');
  });

  test("ADMIN_EMAIL without ADMIN_PASSWORD", async () => {
    const line = await refusesToStart({ ADMIN_EMAIL: "boss@example.com", JWT_SECRET: jwtSecret });
    expect(line).toContain("ADMIN_PASSWORD");
  });

  describe("a port already in use", () => {
    let blocker: Server;
    let port: number;

    beforeAll(async () => {
      blocker = createServer();
      await new Promise<void>((done) => blocker.listen(0, "127.0.0.1", done));
      port = (blocker.address() as { port: number }).port;
    });

    afterAll(async () => {
      await new Promise((done) => blocker.close(done));
    });

    // Opening the embedded database comes before listening, so this one starts for real.
    test("names the port", { timeout: 60_000 }, async () => {
      const line = await refusesToStart({ PORT: String(port), JWT_SECRET: jwtSecret }, { migrated: true });
      expect(line).toContain(String(port));
      expect(line).toMatch(/in use/i);
    });
  });
});

describe("a good configuration", () => {
  const adminName = unique("boss_");
  const adminEmail = `${adminName}@example.com`;
  const adminPassword = "admin-password-123";
  let started: Started;
  let url: string;

  beforeAll(async () => {
    started = await launch(
      { JWT_SECRET: jwtSecret, NODE_ENV: "production", LOG_LEVEL: "info", ADMIN_EMAIL: adminEmail, ADMIN_PASSWORD: adminPassword },
      { migrated: true },
    );
    url = await listeningUrl(started);
  }, 180_000);

  test("starts and answers /healthz", async () => {
    const response = await fetch(`${url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", db: "ok" });
  });

  test("ADMIN_EMAIL and ADMIN_PASSWORD create an admin named after the part before @", async () => {
    const client = anonymousClient(url);
    const byUsername = await client.auth.login.mutate({ login: adminName, password: adminPassword });
    expect(byUsername.user).toMatchObject({ username: adminName, email: adminEmail, role: "admin" });
    const byEmail = await client.auth.login.mutate({ login: adminEmail, password: adminPassword });
    expect(byEmail.user.id).toBe(byUsername.user.id);
    const me = await anonymousClient(url, { headers: { authorization: `Bearer ${byEmail.accessToken}` } }).auth.me.query();
    expect(me.role).toBe("admin");
  });

  test("SIGTERM stops it with exit code 0 within 15 s, and nothing was written to stderr", async () => {
    const stopping = Date.now();
    started.child.kill("SIGTERM");
    const { code, signal } = await within(started.exited, 15_000, "shutting down");
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(Date.now() - stopping).toBeLessThan(15_000);
    expect(started.stderr()).toBe("");
  });
});

describe("without JWT_SECRET outside production", () => {
  test("it starts and keeps tokens valid across a restart", { timeout: 240_000 }, async () => {
    const dataDir = await mkdtemp(join(dataRoot, "keep-"));
    const first = await launch({ DATA_DIR: dataDir, LOG_LEVEL: "info" });
    const firstUrl = await listeningUrl(first);
    const username = unique("keep_");
    const { accessToken } = await anonymousClient(firstUrl).auth.register.mutate({ username, email: `${username}@example.com`, password: "password123" });
    first.child.kill("SIGTERM");
    expect((await within(first.exited, 15_000, "shutting down")).code).toBe(0);

    const second = await launch({ DATA_DIR: dataDir, LOG_LEVEL: "info" });
    const secondUrl = await listeningUrl(second);
    const me = await anonymousClient(secondUrl, { headers: { authorization: `Bearer ${accessToken}` } }).auth.me.query();
    expect(me.username).toBe(username);
    second.child.kill("SIGTERM");
    expect((await within(second.exited, 15_000, "shutting down")).code).toBe(0);
  });
});
