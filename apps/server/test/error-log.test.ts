// An internal error is logged with the request id and the procedure's path
// whichever way it arises, even when building the error's answer fails too.
import type { Server } from "node:http";
import { transformer } from "@park/api";
import { openTestDatabase, type TestDatabase } from "@park/db/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createHttpApp } from "../src/http.ts";
import type { AppLogger } from "../src/logger.ts";
import type * as Errors from "../../../packages/api/src/wire/errors.ts";
import { listenLocally, testDeps } from "./helpers.ts";

const broken = vi.hoisted(() => ({ formatter: false }));

// The router takes its error formatter from wire/errors.ts: making it throw is a
// failure inside the formatter, as any bug there would be.
vi.mock("../../../packages/api/src/wire/errors.ts", async (importOriginal) => {
  const actual = await importOriginal<typeof Errors>();
  return {
    ...actual,
    formatError: (opts: Parameters<typeof actual.formatError>[0]) => {
      if (broken.formatter) throw new Error("the formatter broke");
      return actual.formatError(opts);
    },
  };
});

interface Entry {
  reqId?: unknown;
  path?: unknown;
  msg?: string;
}

let db: TestDatabase;
let failPing = false;
const errors: Entry[] = [];
const urls = new Map<boolean, string>();
const servers: Server[] = [];

beforeAll(async () => {
  db = await openTestDatabase("pglite");
  const deps = testDeps(db, {
    pingDb: async () => {
      if (failPing) throw new Error("connection refused");
      return true;
    },
  });
  const log = { info() {}, warn() {}, error: (obj: Entry, msg?: string) => errors.push({ ...obj, msg }) } as unknown as AppLogger;
  for (const fastPath of [true, false]) {
    const { server, url } = await listenLocally(createHttpApp({ deps, log, corsOrigins: [], fastPath }).listener);
    servers.push(server);
    urls.set(fastPath, url);
  }
});
afterAll(async () => {
  for (const server of servers) server.close();
  await db.drop();
});

describe.each([true, false])("internal errors are logged with request id and path (fast path: %s)", (fastPath) => {
  async function get(path: string, reqId: string) {
    errors.length = 0;
    const response = await fetch(`${urls.get(fastPath)}${path}`, { headers: { "x-request-id": reqId } });
    await response.text();
    return response.status;
  }

  const missingLot = `/trpc/lots.byId?input=${encodeURIComponent(JSON.stringify(transformer.serialize({ id: "00000000-0000-4000-8000-000000000000" })))}`;

  it("when a procedure fails", async () => {
    failPing = true;
    try {
      expect(await get("/trpc/health.check", "log-procedure")).toBe(500);
    } finally {
      failPing = false;
    }
    expect(errors.length).toBeGreaterThan(0);
    for (const entry of errors) expect(entry).toMatchObject({ reqId: "log-procedure", path: "health.check" });
  });

  it("when the error formatter fails", async () => {
    broken.formatter = true;
    try {
      expect(await get(missingLot, "log-formatter")).toBe(500);
    } finally {
      broken.formatter = false;
    }
    expect(errors.length).toBeGreaterThan(0);
    for (const entry of errors) expect(entry).toMatchObject({ reqId: "log-formatter", path: "lots.byId" });
  });

  it("when the error formatter fails in a batch", async () => {
    broken.formatter = true;
    try {
      expect(await get(`/trpc/health.check,lots.list?batch=1&input=${encodeURIComponent(JSON.stringify({ 1: { json: { limit: 0 } } }))}`, "log-batch")).toBe(
        500,
      );
    } finally {
      broken.formatter = false;
    }
    expect(errors.length).toBeGreaterThan(0);
    for (const entry of errors) expect(entry).toMatchObject({ reqId: "log-batch", path: "health.check,lots.list" });
  });
});
