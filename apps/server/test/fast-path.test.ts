// The lean query/mutation path must be indistinguishable from tRPC's own
// adapter: same status, same body, for successes, failures and batches.
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import { connect } from "node:net";
import type { AddressInfo } from "node:net";
import { createContextInner, createTokenIssuer, transformer } from "@park/api";
import { hashPassword } from "@park/db";
import { openTestDatabase, timeOnThisMachine, type TestDatabase } from "@park/db/testing";
import { initTRPC } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFastPath } from "../src/fast-trpc.ts";
import { createHttpApp, type HttpApp } from "../src/http.ts";
import { createLogger } from "../src/logger.ts";
import { testDeps } from "./helpers.ts";

const enc = (value: unknown) => encodeURIComponent(JSON.stringify(transformer.serialize(value)));
const transportHeaders = new Set(["date", "connection", "keep-alive", "content-length", "transfer-encoding"]);

describe("the fast path answers exactly like tRPC's adapter", () => {
  let db: TestDatabase;
  let servers: Server[];
  let fast: string;
  let adapter: string;
  let token: string;
  let fastApp: HttpApp;
  let adapterApp: HttpApp;

  beforeAll(async () => {
    db = await openTestDatabase("pglite");
    const tokens = createTokenIssuer({ secret: "f".repeat(40) });
    const deps = testDeps(db, { tokens });
    const admin = await db.prisma.user.create({
      data: { username: "fastadmin", email: "fast@example.com", role: "admin", passwordHash: await hashPassword("password123") },
    });
    token = await tokens.signAccess(admin);
    const { createCaller } = await import("@park/api");
    await createCaller(createContextInner(deps, { accessToken: token })).lots.create({
      name: "Fast",
      address: "x",
      city: "Y",
      hourlyRateCents: 100,
      capacity: 2,
    });
    servers = [];
    const urls: string[] = [];
    for (const fastPath of [true, false]) {
      const app = createHttpApp({ deps, log: createLogger("silent"), corsOrigins: [], fastPath });
      if (fastPath) fastApp = app;
      else adapterApp = app;
      const server = createServer(app.listener).listen(0, "127.0.0.1");
      await once(server, "listening");
      servers.push(server);
      urls.push(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    }
    [fast, adapter] = urls as [string, string];
  });
  afterAll(async () => {
    for (const server of servers) server.close();
    await db.drop();
  });

  const requests: { name: string; path: string; init?: RequestInit; auth?: boolean }[] = [
    { name: "a query without input", path: "/trpc/health.check" },
    { name: "a query with input", path: `/trpc/lots.list?input=${enc({ limit: 5 })}` },
    { name: "a query failing validation", path: `/trpc/lots.byId?input=${enc({ id: "nope" })}` },
    { name: "a query for a missing record", path: `/trpc/lots.byId?input=${enc({ id: "00000000-0000-4000-8000-000000000000" })}` },
    { name: "a protected query without a token", path: "/trpc/auth.me" },
    { name: "a protected query with a token", path: "/trpc/auth.me", auth: true },
    {
      name: "a batch of mixed outcomes",
      path: `/trpc/health.check,lots.byId,auth.me?batch=1&input=${encodeURIComponent(JSON.stringify({ 1: transformer.serialize({ id: "bad" }) }))}`,
    },
    {
      name: "a batch of successes",
      path: `/trpc/health.check,lots.list?batch=1&input=${encodeURIComponent(JSON.stringify({ 1: transformer.serialize({}) }))}`,
    },
    { name: "an unknown procedure", path: "/trpc/nothing.here" },
    { name: "a mutation sent as GET", path: `/trpc/auth.login?input=${enc({ login: "a", password: "b" })}` },
    { name: "malformed input JSON", path: "/trpc/lots.list?input=%7Bnot-json" },
    {
      name: "a mutation",
      path: "/trpc/vehicles.create",
      init: { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(transformer.serialize({ plate: "" })) },
      auth: true,
    },
    {
      name: "a batched mutation failing",
      path: "/trpc/auth.login?batch=1",
      init: {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ 0: transformer.serialize({ login: "", password: "" }) }),
      },
    },
    {
      name: "a mutation with a malformed body",
      path: "/trpc/auth.login",
      init: { method: "POST", headers: { "content-type": "application/json" }, body: "{oops" },
    },
    { name: "a query sent as POST", path: "/trpc/health.check", init: { method: "POST", headers: { "content-type": "application/json" }, body: "{}" } },
  ];

  it("serves plain queries, batches and mutations itself and leaves the rest to the adapter", async () => {
    const { appRouter, procedureKinds } = await import("@park/api");
    const deps = testDeps(db);
    const fastPath = createFastPath({
      router: appRouter,
      kinds: procedureKinds,
      maxBodySize: 1 << 20,
      createContext: () => createContextInner(deps),
      onError: () => {},
    });
    const probe = createServer((req, res) => {
      const url = new URL(req.url!, "http://x");
      void fastPath(req, res, url.pathname.slice("/trpc/".length), url.search.slice(1)).then((handled) => {
        if (!handled) res.writeHead(599).end("{}");
      });
    }).listen(0, "127.0.0.1");
    await once(probe, "listening");
    const base = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
    const handled = async (index: number) => {
      const { path, init } = requests[index]!;
      return (await fetch(`${base}${path}`, init)).status !== 599;
    };
    try {
      const outcomes = await Promise.all(requests.map((_, i) => handled(i)));
      expect(Object.fromEntries(requests.map((r, i) => [r.name, outcomes[i]]))).toEqual({
        "a query without input": true,
        "a query with input": true,
        "a query failing validation": true,
        "a query for a missing record": true,
        "a protected query without a token": true,
        "a protected query with a token": true,
        "a batch of mixed outcomes": true,
        "a batch of successes": true,
        "an unknown procedure": false,
        "a mutation sent as GET": false,
        "malformed input JSON": false,
        "a mutation": true,
        "a batched mutation failing": true,
        "a mutation with a malformed body": false,
        "a query sent as POST": false,
      });
    } finally {
      probe.close();
    }
  });

  it.each(["the fast path", "tRPC's adapter"])("lets a client leave in the middle of a body without harm (%s)", async (which) => {
    const [base, app] = which === "the fast path" ? [fast, fastApp] : [adapter, adapterApp];
    const { port } = new URL(base);
    const socket = connect(Number(port), "127.0.0.1");
    await once(socket, "connect");
    socket.write('POST /trpc/auth.login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"json":');
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.destroy();
    // The abandoned call must end at once, or shutdown would wait for it.
    const { ms, slowdown } = await timeOnThisMachine(() => app.drain(3_000));
    // A second on a quiet machine.
    expect(ms).toBeLessThan(1_000 * slowdown);
    const response = await fetch(`${base}/trpc/health.check`);
    expect(response.status).toBe(200);
  });

  it.each(requests)("$name", async ({ path, init, auth }) => {
    const send = async (base: string) => {
      const headers = { ...(init?.headers as Record<string, string>), "x-request-id": "same-id", ...(auth ? { authorization: `Bearer ${token}` } : {}) };
      const response = await fetch(`${base}${path}`, { ...init, headers });
      // Framing differs by path (a length or chunks); everything else must not.
      const sent = [...response.headers].filter(([name]) => !transportHeaders.has(name));
      return { status: response.status, headers: Object.fromEntries(sent), body: await response.json() };
    };
    const [a, b] = await Promise.all([send(fast), send(adapter)]);
    expect(a).toEqual(b);
  });
});

describe("the fast path passes the client's leaving on to procedures", () => {
  it("aborts the signal a procedure holds when its client hangs up, and only then", async () => {
    const t = initTRPC.create();
    const seen: { aborted: boolean }[] = [];
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const router = t.router({
      wait: t.procedure.query(async ({ signal }) => {
        entered();
        const aborted = await new Promise<boolean>((resolve) => {
          signal?.addEventListener("abort", () => resolve(true), { once: true });
          setTimeout(() => resolve(false), 2_000);
        });
        seen.push({ aborted });
        return "done";
      }),
      quick: t.procedure.query(({ signal }) => {
        seen.push({ aborted: signal?.aborted ?? true });
        return "ok";
      }),
    });
    const fastPath = createFastPath({
      router,
      kinds: new Map([
        ["wait", "query"],
        ["quick", "query"],
      ]),
      maxBodySize: 1 << 20,
      createContext: () => ({}),
      onError: () => {},
    });
    const probe = createServer((req, res) => void fastPath(req, res, new URL(req.url!, "http://x").pathname.slice("/trpc/".length), ""));
    probe.listen(0, "127.0.0.1");
    await once(probe, "listening");
    const base = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
    try {
      expect(await (await fetch(`${base}/trpc/quick`)).json()).toEqual({ result: { data: { json: "ok" } } });
      const leaving = new AbortController();
      const call = fetch(`${base}/trpc/wait`, { signal: leaving.signal }).catch(() => "left");
      await inside;
      leaving.abort();
      expect(await call).toBe("left");
      await expect.poll(() => seen.length, { timeout: 3_000 }).toBe(2);
      expect(seen).toEqual([{ aborted: false }, { aborted: true }]);
    } finally {
      probe.close();
    }
  });
});
