// Starts the real HTTP server in this process on port 0, on PGlite in a temp
// folder or on a fresh PostgreSQL database, and hands out SDK clients that
// talk to it over real HTTP.
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApi, createTokenIssuer, transformer, type Api, type ApiOptions } from "@park/api";
import { defaultMigrationsDir, type Db } from "@park/db";
import { copyPgliteTemplate, createPostgresDatabase, postgresAvailable, type TestDatabase } from "@park/db/testing";
import { TRPCClientError } from "@trpc/client";
import { expect } from "vitest";
import { startApp, type RunningApp } from "../src/app.ts";
import { loadEnv, type Env } from "../src/env.ts";
import { createLogger } from "../src/logger.ts";
import { createParkClient, errorCode, memoryTokenStore, type ParkClient, type ParkClientOptions, type TokenPair, type TokenStore } from "@park/sdk";

export { errorCode, fieldErrors } from "@park/sdk";
export type { ParkClient, TokenPair, TokenStore };

export type DbKind = "pglite" | "postgres";

/** PGlite always; PostgreSQL when reachable, and always under CI (postgresAvailable throws there). */
export const databases: DbKind[] = (await postgresAvailable()) ? ["pglite", "postgres"] : ["pglite"];

/** 48 characters, as a production secret would be. */
export const jwtSecret = "park-server-tests-0123456789-abcdefghijklmnopqrs";

export interface TestServer {
  kind: DbKind;
  url: string;
  env: Env;
  app: RunningApp;
  /** Direct database access for what no procedure does: roles, disabling, deleting. */
  prisma: Db;
  stop(): Promise<void>;
}

export async function startServer(kind: DbKind, extraEnv: Record<string, string> = {}): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), "park-server-test-"));
  const created = kind === "postgres" ? await createPostgresDatabase("park_test_server") : undefined;
  if (!created) await copyPgliteTemplate(join(dataDir, "db"));
  const cleanup = async () => {
    await created?.drop();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const env = loadEnv({
      NODE_ENV: "test",
      PORT: "0",
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      JWT_SECRET: jwtSecret,
      LOG_LEVEL: "silent",
      // Suites register and sign in many users from 127.0.0.1; tests of these limits set their own.
      LOGIN_FAILURES_PER_ADDRESS: "1000000",
      REGISTRATIONS_PER_ADDRESS: "1000000",
      ...(created ? { DATABASE_URL: created.url } : {}),
      ...extraEnv,
    });
    const app = await startApp({
      env,
      log: createLogger(env.LOG_LEVEL),
      migrationsDir: defaultMigrationsDir,
      webDist: env.WEB_DIST,
      kioskDist: env.KIOSK_DIST,
    });
    let stopped = false;
    return {
      kind,
      url: app.url,
      env,
      app,
      prisma: app.db.prisma,
      stop: async () => {
        if (stopped) return;
        stopped = true;
        try {
          await app.stop();
        } finally {
          await cleanup();
        }
      },
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/** An API instance on a test database, for suites that build the HTTP app themselves. */
export function testDeps(db: TestDatabase, overrides: Partial<Pick<ApiOptions, "pingDb" | "tokens">> = {}): Api {
  return createApi({
    db: db.prisma,
    tokens: createTokenIssuer({ secret: randomBytes(24).toString("hex") }),
    log: { info() {}, warn() {}, error() {} },
    pingDb: () => db.ping(),
    limits: { loginFailuresPerAddress: 1_000_000, registrationsPerAddress: 1_000_000, subscriptionsPerClient: 1_000_000 },
    ...overrides,
  });
}

/** Serves a listener on a free loopback port. */
export async function listenLocally(listener: RequestListener): Promise<{ server: Server; url: string }> {
  const server = createServer(listener).listen(0, "127.0.0.1");
  await once(server, "listening");
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Names no other file or run uses. */
export function unique(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
}

export function anonymousClient(url: string, options: Omit<ParkClientOptions, "url" | "tokens"> = {}): ParkClient {
  return createParkClient({ url, tokens: null, ...options });
}

/** A client signed in with these tokens, renewing them like an app would. */
export function signedInClient(url: string, tokens: TokenPair): { client: ParkClient; tokens: TokenStore } {
  const store = memoryTokenStore(tokens);
  return { client: createParkClient({ url, tokens: store }), tokens: store };
}

/** A client that sends exactly this Authorization header and never tries to renew it. */
export function rawTokenClient(url: string, authorization: string): ParkClient {
  return createParkClient({ url, tokens: null, headers: { authorization } });
}

export interface Account {
  id: string;
  username: string;
  email: string;
  password: string;
  tokens: TokenPair;
  client: ParkClient;
}

export async function register(server: TestServer, role: "user" | "attendant" | "admin" = "user", prefix = "u"): Promise<Account> {
  const username = unique(`${prefix}_`);
  const email = `${username}@example.com`;
  const password = `pw-${randomBytes(6).toString("hex")}`;
  const result = await anonymousClient(server.url).auth.register.mutate({ username, email, password });
  if (role !== "user") await server.prisma.user.update({ where: { id: result.user.id }, data: { role } });
  const tokens = { accessToken: result.accessToken, refreshToken: result.refreshToken };
  return { id: result.user.id, username, email, password, tokens, client: signedInClient(server.url, tokens).client };
}

/** Awaits a call that must fail and returns its client error. */
export async function rejection(call: Promise<unknown>): Promise<TRPCClientError<never>> {
  let result: unknown;
  try {
    result = await call;
  } catch (error) {
    expect(error).toBeInstanceOf(TRPCClientError);
    return error as TRPCClientError<never>;
  }
  throw new Error(`expected the call to fail, it returned ${JSON.stringify(result)?.slice(0, 300)}`);
}

/** The tRPC error code a call fails with, or "ok" when it succeeds. */
export async function outcome(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return "ok";
  } catch (error) {
    return errorCode(error) ?? `not a tRPC error: ${String(error)}`;
  }
}

/**
 * Opens a subscription's SSE stream and reads until its first data event ("ok")
 * or error (its code). Node 20 has no EventSource for the SDK's link.
 */
export async function subscriptionOutcome(url: string, path: string, input: unknown, authorization?: string): Promise<string> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), 10_000);
  try {
    const query = encodeURIComponent(JSON.stringify(transformer.serialize(input)));
    const response = await fetch(`${url}/trpc/${path}?input=${query}`, {
      headers: { accept: "text/event-stream", ...(authorization ? { authorization } : {}) },
      signal: abort.signal,
    });
    if (!response.headers.get("content-type")?.startsWith("text/event-stream")) {
      const body = (await response.json()) as { error?: { json?: { data?: { code?: string } } } };
      return body.error?.json?.data?.code ?? `HTTP ${response.status}`;
    }
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return "stream ended without an event";
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf("\n\n")) !== -1) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const name = /^event: (.*)$/m.exec(event)?.[1];
        const data = /^data: (.*)$/m.exec(event)?.[1];
        if (name === "connected" || !data) continue;
        if (name === "serialized-error") return (JSON.parse(data) as { json: { data: { code: string } } }).json.data.code;
        return "ok";
      }
    }
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
}
