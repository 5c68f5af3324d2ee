import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { anonymousClient, databases, errorCode, register, rejection, startServer, subscriptionOutcome, type TestServer } from "./helpers.ts";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("HTTP surface", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer("pglite");
  });

  afterAll(async () => {
    await server?.stop();
  });

  test("GET /healthz answers 200 with the database up", async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ status: "ok", db: "ok" });
  });

  test("health.check answers through tRPC as well", async () => {
    expect(await anonymousClient(server.url).health.check.query()).toEqual({ status: "ok", db: "ok" });
  });

  test("every response carries an x-request-id, a fresh one each time", async () => {
    const paths = ["/healthz", "/trpc/health.check", "/trpc/auth.me", "/no/such/path"];
    const ids = new Set<string>();
    for (const path of paths) {
      const response = await fetch(`${server.url}${path}`);
      await response.arrayBuffer();
      const id = response.headers.get("x-request-id");
      expect(id, path).toMatch(uuidPattern);
      ids.add(id!);
    }
    expect(ids.size).toBe(paths.length);
  });

  test("a sane x-request-id from the client is honoured and reaches error data", async () => {
    const response = await fetch(`${server.url}/trpc/auth.me`, { headers: { "x-request-id": "client-req_42.a" } });
    expect(response.headers.get("x-request-id")).toBe("client-req_42.a");
    const body = (await response.json()) as { error: { json: { data: { requestId: string } } } };
    expect(body.error.json.data.requestId).toBe("client-req_42.a");
  });

  test.each([
    ["with spaces", "has spaces in it"],
    ["too long", "a".repeat(65)],
    ["with a semicolon and spaces", "abc;rm -rf"],
    ["with unicode", "r\u00e9q"],
  ])("an x-request-id %s is replaced", async (_, given) => {
    const response = await fetch(`${server.url}/healthz`, { headers: { "x-request-id": given } });
    await response.arrayBuffer();
    const id = response.headers.get("x-request-id");
    expect(id).not.toBe(given);
    expect(id).toMatch(uuidPattern);
  });

  const preflight = (origin: string) =>
    fetch(`${server.url}/trpc/auth.login`, {
      method: "OPTIONS",
      headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type,authorization" },
    });

  test("CORS preflight from http://localhost:5173 is allowed", async () => {
    const response = await preflight("http://localhost:5173");
    expect(response.status).toBeLessThan(300);
    expect(response.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(response.headers.get("access-control-allow-methods")).toMatch(/POST/);
    expect(response.headers.get("access-control-allow-headers")?.toLowerCase()).toMatch(/authorization/);
  });

  test("CORS preflight from http://evil.example gets no Access-Control-Allow-Origin", async () => {
    const response = await preflight("http://evil.example");
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
  });

  test("a plain request from a foreign origin gets no Access-Control-Allow-Origin; an allowed one does and sees x-request-id", async () => {
    const evil = await fetch(`${server.url}/trpc/health.check`, { headers: { origin: "http://evil.example" } });
    await evil.arrayBuffer();
    expect(evil.headers.get("access-control-allow-origin")).toBeNull();
    const good = await fetch(`${server.url}/trpc/health.check`, { headers: { origin: "http://localhost:5173" } });
    await good.arrayBuffer();
    expect(good.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(good.headers.get("access-control-expose-headers")?.toLowerCase()).toContain("x-request-id");
  });

  test("an unknown path is a 404", async () => {
    for (const path of ["/no/such/path", "/healthz/extra", "/trpcx"]) {
      const response = await fetch(`${server.url}${path}`);
      await response.arrayBuffer();
      expect(response.status, path).toBe(404);
    }
  });

  test("an unknown procedure is a 404 NOT_FOUND", async () => {
    const response = await fetch(`${server.url}/trpc/nothing.here`);
    expect(response.status).toBe(404);
    const body = (await response.json()) as { error: { json: { data: { code: string } } } };
    expect(body.error.json.data.code).toBe("NOT_FOUND");
  });

  test("a query sent as POST or a mutation sent as GET is refused without touching anything", async () => {
    const asGet = await fetch(`${server.url}/trpc/auth.register?input=${encodeURIComponent(JSON.stringify({ json: { username: "x" } }))}`);
    expect(asGet.status).toBeGreaterThanOrEqual(400);
    expect(asGet.status).toBeLessThan(500);
    const asPost = await fetch(`${server.url}/trpc/health.check`, { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    expect(asPost.status).toBeGreaterThanOrEqual(400);
    expect(asPost.status).toBeLessThan(500);
  });

  test("malformed JSON is a 400, not a 500", async () => {
    const response = await fetch(`${server.url}/trpc/auth.login`, { method: "POST", body: "{not json", headers: { "content-type": "application/json" } });
    expect(response.status).toBe(400);
  });

  test("a BAD_REQUEST carries flattened zod errors and no stack, over the SDK and on the wire", async () => {
    const error = await rejection(anonymousClient(server.url).auth.login.mutate({ login: "", password: "" }));
    expect(errorCode(error)).toBe("BAD_REQUEST");
    expect(error.data).not.toHaveProperty("stack");
    expect(error.data).toMatchObject({ zodError: { fieldErrors: { login: expect.any(Array), password: expect.any(Array) } } });

    const response = await fetch(`${server.url}/trpc/auth.login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ json: { login: "", password: "" } }),
    });
    expect(response.status).toBe(400);
    const raw = await response.text();
    expect(raw).not.toMatch(/"stack"|\bat .*\.(ts|js):\d+/);
    const body = JSON.parse(raw) as { error: { json: { data: Record<string, unknown> } } };
    expect(Object.keys(body.error.json.data).sort()).toEqual(["appCode", "code", "httpStatus", "path", "requestId", "zodError"]);
  });

  test("two calls travel in one HTTP request through httpBatchLink", async () => {
    const requests: string[] = [];
    const countingFetch: typeof fetch = (input, init) => {
      requests.push(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
      return fetch(input, init);
    };
    const client = anonymousClient(server.url, { fetch: countingFetch });
    const [health, me] = await Promise.allSettled([client.health.check.query(), client.auth.me.query()]);
    expect(requests).toHaveLength(1);
    const url = new URL(requests[0]!);
    expect(url.searchParams.get("batch")).toBe("1");
    expect(decodeURIComponent(url.pathname)).toBe("/trpc/health.check,auth.me");
    // Each call of a batch keeps its own result.
    expect(health).toMatchObject({ status: "fulfilled", value: { status: "ok", db: "ok" } });
    expect(me.status).toBe("rejected");
    expect(errorCode((me as PromiseRejectedResult).reason)).toBe("UNAUTHORIZED");
  });

  test("Dates sent as input arrive as the same instants and come back as Dates", async () => {
    const admin = await register(server, "admin", "dates");
    const lot = await admin.client.lots.create.mutate({ name: "Date Lot", address: "1 Clock Road", city: "Timeton", hourlyRateCents: 400, capacity: 2 });
    const vehicle = await admin.client.vehicles.create.mutate({ plate: "DATE01" });
    const startsAt = new Date(Math.ceil((Date.now() + 26 * 3_600_000) / 60_000) * 60_000 + 123);
    const endsAt = new Date(startsAt.getTime() + 2 * 3_600_000);
    const quote = await anonymousClient(server.url).reservations.quote.query({ lotId: lot.id, startsAt, endsAt });
    expect(quote).toEqual({ amountCents: 800, currency: "USD" });
    const reservation = await admin.client.reservations.create.mutate({ lotId: lot.id, vehicleId: vehicle.id, startsAt, endsAt });
    expect(reservation.startsAt).toBeInstanceOf(Date);
    expect(reservation.startsAt.getTime()).toBe(startsAt.getTime());
    expect(reservation.endsAt.getTime()).toBe(endsAt.getTime());
    expect(reservation.amountCents).toBe(quote.amountCents);
  });

  test("a subscription keeps its error code over SSE: a missing lot is NOT_FOUND", async () => {
    const missing = "00000000-0000-4000-8000-000000000000";
    expect(await subscriptionOutcome(server.url, "lots.onAvailability", { lotId: missing })).toBe("NOT_FOUND");
    expect(await subscriptionOutcome(server.url, "lots.onAvailability", { lotId: "not-a-uuid" })).toBe("BAD_REQUEST");
  });

  test("batched mutations with Dates in the result round-trip", async () => {
    const account = await register(server, "user", "batch");
    const requests: string[] = [];
    const client = anonymousClient(server.url, {
      fetch: (input, init) => {
        requests.push(String(input instanceof Request ? input.url : input));
        return fetch(input, init);
      },
    });
    const [a, b] = await Promise.all([
      client.auth.login.mutate({ login: account.username, password: account.password }),
      client.auth.login.mutate({ login: account.email, password: account.password }),
    ]);
    expect(requests).toHaveLength(1);
    expect(a.user.createdAt).toBeInstanceOf(Date);
    expect(b.user.createdAt.getTime()).toBe(a.user.createdAt.getTime());
  });
});

describe.each(databases)("with the database gone (%s)", (kind) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer(kind);
  });

  afterAll(async () => {
    await server?.stop();
  });

  test("/healthz answers 503 db down, and procedures fail without leaking SQL or stacks", async () => {
    await server.app.db.close();

    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ db: "down" });

    expect(await anonymousClient(server.url).health.check.query()).toEqual({ status: "degraded", db: "down" });

    const error = await rejection(anonymousClient(server.url).auth.login.mutate({ login: "someone", password: "password123" }));
    expect(errorCode(error)).toBe("INTERNAL_SERVER_ERROR");
    expect(error.message).toMatch(/^Internal server error \(request [\w.-]+\)$/);
    expect(error.message).not.toMatch(/select|insert|update|from|prisma|pglite|pool|\bat\b/i);
    expect(error.data).not.toHaveProperty("stack");
    expect(error.data).toMatchObject({ code: "INTERNAL_SERVER_ERROR", httpStatus: 500 });
  });

  test("stopping still succeeds after the database was closed", async () => {
    await server.app.db.close().catch(() => {});
    await expect(server.stop()).resolves.toBeUndefined();
    const refused = await fetch(`${server.url}/healthz`).then(
      () => "answered",
      () => "refused",
    );
    expect(refused).toBe("refused");
  });
});
