// Requests whose input cannot be read, or whose keys name things every object
// inherits: a plain 400 that names no JavaScript internals, the same through
// the fast path and through tRPC's adapter.
import type { Server } from "node:http";
import { openTestDatabase, type TestDatabase } from "@park/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpApp } from "../src/http.ts";
import { createLogger } from "../src/logger.ts";
import { listenLocally, testDeps } from "./helpers.ts";

interface Answer {
  status: number;
  body: unknown;
}

const json = { "content-type": "application/json" };
const q = (value: unknown) => encodeURIComponent(typeof value === "string" ? value : JSON.stringify(value));
const deepArrays = (depth: number) => "[".repeat(depth) + "]".repeat(depth);

/** Requests whose input cannot be read, with the reason the answer must give. */
const unreadable: { name: string; path: string; init?: RequestInit; reason: string }[] = [
  { name: "a query input that is not JSON", path: `/trpc/lots.list?input=${q("{not-json")}`, reason: "not valid JSON" },
  { name: "a query input of null", path: `/trpc/lots.list?input=null`, reason: "expected {" },
  { name: "a query input of a number", path: `/trpc/lots.list?input=5`, reason: "expected {" },
  { name: "a query input that is plain JSON", path: `/trpc/lots.list?input=${q({ limit: 5 })}`, reason: "expected {" },
  { name: "a query input with meta of null", path: `/trpc/lots.list?input=${q({ json: {}, meta: null })}`, reason: "expected {" },
  { name: "a body of null", path: "/trpc/auth.login", init: { method: "POST", headers: json, body: "null" }, reason: "expected {" },
  {
    name: "a body that is plain JSON",
    path: "/trpc/auth.login",
    init: { method: "POST", headers: json, body: JSON.stringify({ login: "a", password: "b" }) },
    reason: "expected {",
  },
  { name: "a body that is not JSON", path: "/trpc/auth.login", init: { method: "POST", headers: json, body: "{oops" }, reason: "not valid JSON" },
  { name: "a body of arrays 100000 deep", path: "/trpc/auth.login", init: { method: "POST", headers: json, body: deepArrays(100_000) }, reason: "expected {" },
  {
    name: "a body whose json is 100000 deep",
    path: "/trpc/auth.login",
    init: { method: "POST", headers: json, body: `{"json":${deepArrays(100_000)}}` },
    reason: "nested too deeply",
  },
  {
    name: "a body whose meta is 100000 deep",
    path: "/trpc/auth.login",
    init: { method: "POST", headers: json, body: `{"json":{"login":"a","password":"b"},"meta":{"values":{"login":${deepArrays(100_000)}}}}` },
    reason: "nested too deeply",
  },
  {
    name: "meta that superjson refuses",
    path: "/trpc/auth.login",
    init: { method: "POST", headers: json, body: JSON.stringify({ json: { login: "a" }, meta: { values: { "__proto__.polluted": ["undefined"] } } }) },
    reason: "could not be read",
  },
  { name: "a batch whose input is null", path: `/trpc/lots.list,lots.byId?batch=1&input=null`, reason: "a batch's input must be an object" },
  { name: "a batch whose input is an array", path: `/trpc/lots.list?batch=1&input=${q([{ json: {} }])}`, reason: "a batch's input must be an object" },
  { name: "a batch with a null call", path: `/trpc/lots.list,lots.list?batch=1&input=${q({ 0: { json: {} }, 1: null })}`, reason: "expected {" },
  {
    name: "a batched body of null",
    path: "/trpc/auth.login?batch=1",
    init: { method: "POST", headers: json, body: "null" },
    reason: "a batch's input must be an object",
  },
];

/** Inputs whose top-level or nested keys are names every object inherits. */
const prototypeKeys = ["constructor", "toString", "valueOf", "hasOwnProperty", "__proto__", "__defineGetter__", "isPrototypeOf", "prototype"];

describe("input that cannot be read", () => {
  let db: TestDatabase;
  const servers: Server[] = [];
  const urls: Record<"fast" | "adapter", string> = { fast: "", adapter: "" };

  beforeAll(async () => {
    db = await openTestDatabase("pglite");
    const deps = testDeps(db);
    for (const mode of ["fast", "adapter"] as const) {
      const { server, url } = await listenLocally(createHttpApp({ deps, log: createLogger("silent"), corsOrigins: [], fastPath: mode === "fast" }).listener);
      servers.push(server);
      urls[mode] = url;
    }
  });
  afterAll(async () => {
    for (const server of servers) server.close();
    await db.drop();
  });

  async function send(base: string, path: string, init?: RequestInit): Promise<Answer> {
    const response = await fetch(`${base}${path}`, { ...init, headers: { ...(init?.headers as Record<string, string>), "x-request-id": "same-id" } });
    return { status: response.status, body: await response.json() };
  }

  /** Both paths' answer, which must be the same. */
  async function answer(path: string, init?: RequestInit): Promise<Answer> {
    const [fast, adapter] = await Promise.all([send(urls.fast, path, init), send(urls.adapter, path, init)]);
    expect(fast).toEqual(adapter);
    return fast;
  }

  type ErrorBody = { error: { json: { message: string; data: { code: string; appCode: string; zodError: unknown } } } };
  const errorsOf = (body: unknown) => (Array.isArray(body) ? (body as ErrorBody[]) : [body as ErrorBody]).map((item) => item.error.json);

  it.each(unreadable)("$name", async ({ path, init, reason }) => {
    const { status, body } = await answer(path, init);
    expect(status).toBe(400);
    for (const error of errorsOf(body)) {
      expect(error.data).toMatchObject({ code: "BAD_REQUEST", appCode: "MALFORMED_INPUT" });
      expect(error.message).toMatch(/^Malformed input: /);
      expect(error.message).toContain(reason);
    }
  });

  it.each(prototypeKeys)("reports a top-level key %j as an unknown field", async (key) => {
    const input = `{"json":{"limit":5,${JSON.stringify(key)}:1}}`;
    const { status, body } = await answer(`/trpc/lots.list?input=${q(input)}`);
    expect(status).toBe(400);
    const [error] = errorsOf(body);
    expect(error!.data).toMatchObject({ code: "BAD_REQUEST", appCode: "INVALID_INPUT" });
    const fieldErrors = (error!.data.zodError as { fieldErrors: Record<string, string[]> }).fieldErrors;
    expect(Object.hasOwn(fieldErrors, key) && fieldErrors[key]).toContain("Unknown field");
  });

  it.each(prototypeKeys)("reports a nested key %j as an unknown field", async (key) => {
    const input = `{"json":{"near":{"lat":1,"lng":2,"radiusKm":3,${JSON.stringify(key)}:{}}}}`;
    const { status, body } = await answer(`/trpc/lots.list?input=${q(input)}`);
    expect(status).toBe(400);
    const [error] = errorsOf(body);
    expect(error!.data).toMatchObject({ code: "BAD_REQUEST", appCode: "INVALID_INPUT" });
    expect(error!.message).toContain(key);
  });

  it("lists when a list is called with no input", async () => {
    const { status, body } = await answer("/trpc/lots.list");
    expect(status).toBe(200);
    expect(body).toEqual({ result: { data: { json: { items: [], nextCursor: null } } } });
  });
});
