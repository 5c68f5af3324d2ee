// The REST surface over real HTTP. /openapi.json is a valid OpenAPI 3.1
// document; the types openapi-typescript writes from it (rest-api.d.ts,
// checked here to be current) type-check a driver's whole journey through
// openapi-fetch; failures are problem details with the codes the same failure
// has on /trpc; one spot is booked once however many callers race for it; and
// /docs serves its own script and stylesheet, which the build copies beside
// the bundle.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { appCode, errorCode } from "@park/sdk";
import { validate } from "@readme/openapi-parser";
import createClient from "openapi-fetch";
import openapiTS, { astToString } from "openapi-typescript";
import type { OpenAPIV3_1 } from "openapi-types";
import * as prettier from "prettier";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import docsAssets from "../src/docs-assets.json" with { type: "json" };
import { createHttpApp } from "../src/http.ts";
import { createLogger } from "../src/logger.ts";
import { anonymousClient, databases, listenLocally, rejection, startServer, unique, type TestServer } from "./helpers.ts";
import type { components, paths } from "./rest-api.d.ts";

type Problem = components["schemas"]["Problem"];
type Client = ReturnType<typeof createClient<paths>>;

const typesFile = new URL("./rest-api.d.ts", import.meta.url);
const hour = 3_600_000;
const iso = (ms: number) => new Date(Math.ceil(ms / 60_000) * 60_000).toISOString();

// PostgreSQL when it is there: the race below is then decided by a real server's concurrency.
const kind = databases.includes("postgres") ? "postgres" : "pglite";
let server: TestServer;
let admin: Client;
let lotId: string;

/** A client of the REST surface, signed in when given a token. */
function restClient(accessToken?: string): Client {
  return createClient<paths>({ baseUrl: `${server.url}/api/v1`, headers: accessToken ? { authorization: `Bearer ${accessToken}` } : {} });
}

async function newDriver(prefix = "rest_") {
  const username = unique(prefix);
  const { data, error } = await restClient().POST("/auth/register", { body: { username, email: `${username}@example.com`, password: "rest-password-1" } });
  expect(error).toBeUndefined();
  return { ...data!, client: restClient(data!.accessToken) };
}

async function newVehicle(client: Client) {
  const { data } = await client.POST("/vehicles", { body: { plate: unique("R").slice(0, 12) } });
  return data!.id;
}

/** A raw request to the REST surface, for what a typed client would never send. */
async function call(method: string, path: string, init: { body?: string; headers?: Record<string, string> } = {}) {
  const response = await fetch(`${server.url}${path}`, { method, ...init });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Problem) : undefined };
}

beforeAll(async () => {
  server = await startServer(kind);
  const boss = await newDriver("boss_");
  await server.prisma.user.update({ where: { id: boss.user.id }, data: { role: "admin" } });
  admin = boss.client;
  const { data } = await admin.POST("/lots", {
    body: { name: unique("REST lot "), address: "1 Rest Road", city: unique("Resttown"), hourlyRateCents: 240, capacity: 3 },
  });
  lotId = data!.id;
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

describe("/openapi.json", () => {
  let document: OpenAPIV3_1.Document;

  beforeAll(async () => {
    const response = await fetch(`${server.url}/openapi.json`);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    document = (await response.json()) as OpenAPIV3_1.Document;
  });

  test("is a valid OpenAPI 3.1 document titled Park, served under /api/v1, with bearer sign-in", async () => {
    const result = await validate(structuredClone(document));
    expect(result.valid ? [] : result.errors).toEqual([]);
    expect(document.openapi).toMatch(/^3\.1\./);
    expect(document.info.title).toBe("Park");
    expect(document.servers).toEqual([{ url: "/api/v1" }]);
    expect(document.components?.securitySchemes).toEqual({ bearer: expect.objectContaining({ type: "http", scheme: "bearer" }) });
    expect(document.paths?.["/auth/me"]?.get?.security).toEqual([{ bearer: [] }]);
    expect(document.paths?.["/lots"]?.get?.security).toBeUndefined();
  });

  test("describes failures as problem details and times as date-times", () => {
    const cancel = document.paths?.["/reservations/{id}/cancel"]?.post;
    expect(Object.keys(cancel?.responses ?? {}).sort()).toEqual(["200", "400", "401", "403", "404", "default"]);
    expect(document.components?.responses?.Problem).toMatchObject({
      content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
    });
    const create = document.paths?.["/reservations"]?.post?.requestBody as OpenAPIV3_1.RequestBodyObject;
    expect((create.content["application/json"]?.schema as OpenAPIV3_1.SchemaObject).properties?.startsAt).toMatchObject({
      type: "string",
      format: "date-time",
    });
  });

  test("gives the types in rest-api.d.ts, which the journey below is checked against", async () => {
    const generated = `// Written by openapi-typescript from /openapi.json; PARK_WRITE_OPENAPI=1 pnpm --filter @park/server test rest writes it again.\n\n${astToString(
      await openapiTS(document as never),
    )}`;
    const formatted = await prettier.format(generated, { ...(await prettier.resolveConfig(typesFile)), filepath: typesFile.pathname });
    if (process.env.PARK_WRITE_OPENAPI === "1") writeFileSync(typesFile, formatted);
    else expect(readFileSync(typesFile, "utf8"), "run PARK_WRITE_OPENAPI=1 pnpm --filter @park/server test rest").toBe(formatted);
  });
});

test("a driver's journey, typed from the document: register, add a car, find a lot, reserve, cancel, park, leave, pay", async () => {
  const driver = await newDriver();
  const me = await driver.client.GET("/auth/me");
  expect(me.data).toMatchObject({ id: driver.user.id, role: "user" });
  expect(new Date(me.data!.createdAt).toISOString()).toBe(me.data!.createdAt);

  const car = await driver.client.POST("/vehicles", { body: { plate: "rs-12 ab", label: "Blue car" } });
  expect(car.data).toMatchObject({ plate: "RS12AB", type: "car", label: "Blue car" });
  const vehicleId = car.data!.id;

  const { data: lots } = await driver.client.GET("/lots", { params: { query: { search: "REST lot", limit: 100 } } });
  const lot = lots!.items.find((item) => item.id === lotId)!;
  expect(lot).toMatchObject({ capacity: 3, available: 3, hourlyRateCents: 240 });
  const { data: detail } = await driver.client.GET("/lots/{id}", { params: { path: { id: lotId } } });
  expect(detail!.levels[0]!.rows[0]!.capacity).toBe(3);

  const startsAt = iso(Date.now() + 26 * hour);
  const endsAt = iso(Date.now() + 28 * hour);
  const { data: free } = await driver.client.GET("/lots/{lotId}/availability", { params: { path: { lotId }, query: { from: startsAt, to: endsAt } } });
  expect(free!.available).toBe(3);
  const { data: quote } = await driver.client.GET("/lots/{lotId}/quote", { params: { path: { lotId }, query: { startsAt, endsAt } } });
  expect(quote).toEqual({ amountCents: 480, currency: "USD" });

  const { data: reserved } = await driver.client.POST("/reservations", { body: { lotId, vehicleId, startsAt, endsAt } });
  expect(reserved).toMatchObject({ status: "confirmed", startsAt, endsAt, amountCents: quote!.amountCents, vehicle: { id: vehicleId, plate: "RS12AB" } });
  const reservationId = reserved!.id;
  const { data: fetched } = await driver.client.GET("/reservations/{id}", { params: { path: { id: reservationId } } });
  expect(fetched).toEqual(reserved);
  const { data: cancelled } = await driver.client.POST("/reservations/{id}/cancel", { params: { path: { id: reservationId } } });
  expect(cancelled).toMatchObject({ id: reservationId, status: "cancelled" });

  const { data: parked } = await driver.client.POST("/sessions", { body: { lotId, vehicleId } });
  expect(parked).toMatchObject({ status: "active", plate: "RS12AB", endedAt: null, paymentStatus: "unpaid" });
  const sessionId = parked!.id;
  // Parked since an hour and 55 minutes ago: two started hours, well past the grace period.
  await server.prisma.parkingSession.update({ where: { id: sessionId }, data: { startedAt: new Date(Date.now() - 115 * 60_000) } });
  const { data: left } = await driver.client.POST("/sessions/{id}/end", { params: { path: { id: sessionId } } });
  expect(left).toMatchObject({ status: "completed", amountCents: 480, paymentStatus: "unpaid" });
  const { data: paid } = await driver.client.POST("/sessions/{id}/pay", { params: { path: { id: sessionId } }, body: { method: "card" } });
  expect(paid).toMatchObject({ id: sessionId, paymentStatus: "paid" });

  const { data: history } = await driver.client.GET("/sessions", { params: { query: { active: false } } });
  expect(history!.items.map((s) => [s.id, s.paymentStatus])).toEqual([[sessionId, "paid"]]);
  const { data: active } = await driver.client.GET("/sessions", { params: { query: { active: true } } });
  expect(active!.items).toEqual([]);
});

test("the same records on /trpc: Dates there, ISO-8601 strings here, and tRPC still refuses a date sent as a string", async () => {
  const driver = await newDriver();
  const vehicleId = await newVehicle(driver.client);
  const startsAt = iso(Date.now() + 30 * hour);
  const { data: reserved } = await driver.client.POST("/reservations", { body: { lotId, vehicleId, startsAt, endsAt: iso(Date.now() + 31 * hour) } });
  const sdk = anonymousClient(server.url, { headers: { authorization: `Bearer ${driver.accessToken}` } });
  const viaTrpc = await sdk.reservations.byId.query({ id: reserved!.id });
  expect(viaTrpc.startsAt).toEqual(new Date(startsAt));
  expect(JSON.parse(JSON.stringify(viaTrpc))).toEqual(reserved);
  const refused = await rejection(sdk.reservations.quote.query({ lotId, startsAt: startsAt as never, endsAt: startsAt as never }));
  expect(refused.data).toMatchObject({ code: "BAD_REQUEST", zodError: { fieldErrors: { startsAt: ["Must be a date"] } } });
});

describe("failures are problem details", () => {
  const expectProblem = (got: { status: number; headers: Headers; body?: Problem }, status: number, appCode: string) => {
    expect(got.headers.get("content-type")).toBe("application/problem+json");
    expect(got.body).toMatchObject({ status, appCode, type: `tag:park,2026:problem:${appCode}`, requestId: got.headers.get("x-request-id") });
    expect(got.status).toBe(status);
    expect(got.body!.title).toBeTruthy();
    expect(got.body!.detail).toBeTruthy();
  };

  test("a spot booked twice: 409 SPOT_TAKEN, with the code, appCode and message /trpc gives", async () => {
    const [first, second] = await Promise.all([newDriver(), newDriver()]);
    const { data: spots } = await first.client.GET("/spots", { params: { query: { lotId, limit: 1 } } });
    const window = { lotId, spotId: spots!.items[0]!.id, startsAt: iso(Date.now() + 40 * hour), endsAt: iso(Date.now() + 41 * hour) };
    const won = await first.client.POST("/reservations", { body: { ...window, vehicleId: await newVehicle(first.client) } });
    expect(won.response.status).toBe(200);
    const lost = await second.client.POST("/reservations", { body: { ...window, vehicleId: await newVehicle(second.client) } });
    expectProblem({ status: lost.response.status, headers: lost.response.headers, body: lost.error }, 409, "SPOT_TAKEN");
    expect(lost.error).toMatchObject({ code: "CONFLICT", title: "Spot taken" });

    const sdk = anonymousClient(server.url, { headers: { authorization: `Bearer ${second.accessToken}` } });
    const sameOnTrpc = await rejection(
      sdk.reservations.create.mutate({
        ...window,
        startsAt: new Date(window.startsAt),
        endsAt: new Date(window.endsAt),
        vehicleId: await newVehicle(second.client),
      }),
    );
    expect({ code: lost.error!.code, appCode: lost.error!.appCode, detail: lost.error!.detail }).toEqual({
      code: errorCode(sameOnTrpc),
      appCode: appCode(sameOnTrpc),
      detail: sameOnTrpc.message,
    });
  });

  test("invalid input: 400 with the errors of each field, wherever it came from", async () => {
    const driver = await newDriver();
    const vehicleId = await newVehicle(driver.client);
    const body = JSON.stringify({ lotId: "not-an-id", vehicleId, startsAt: "tomorrow", endsAt: iso(Date.now() + hour), colour: "red" });
    const got = await call("POST", "/api/v1/reservations", {
      body,
      headers: { "content-type": "application/json", authorization: `Bearer ${driver.accessToken}` },
    });
    expectProblem(got, 400, "INVALID_INPUT");
    expect(got.body).toMatchObject({
      code: "BAD_REQUEST",
      fieldErrors: { lotId: ["Must be a valid id"], startsAt: ["Must be a date"], colour: ["Unknown field"] },
    });

    const past = await driver.client.POST("/reservations", {
      body: { lotId, vehicleId, startsAt: iso(Date.now() - 2 * hour), endsAt: iso(Date.now() + hour) },
    });
    expect(past.error).toMatchObject({ status: 400, appCode: "WINDOW_IN_PAST", fieldErrors: { startsAt: [expect.any(String)] } });
    const query = await call("GET", `/api/v1/lots/${lotId}/availability?from=now&to=${iso(Date.now() + hour)}&limit=2`);
    expectProblem(query, 400, "INVALID_INPUT");
    expect(Object.keys(query.body!.fieldErrors!).sort()).toEqual(["from", "limit"]);
    const path = await call("GET", "/api/v1/lots/not-an-id");
    expect(path.body).toMatchObject({ status: 400, fieldErrors: { id: ["Must be a valid id"] } });
  });

  test("no token 401, a bad token 401, a driver on an admin path 403", async () => {
    const anonymous = await call("GET", "/api/v1/vehicles");
    expectProblem(anonymous, 401, "UNAUTHENTICATED");
    expect(anonymous.headers.get("www-authenticate")).toBe("Bearer");
    expectProblem(await call("GET", "/api/v1/vehicles", { headers: { authorization: "Bearer not.a.token" } }), 401, "INVALID_TOKEN");
    const driver = await newDriver();
    const forbidden = await driver.client.GET("/admin/users");
    expectProblem({ status: forbidden.response.status, headers: forbidden.response.headers, body: forbidden.error }, 403, "FORBIDDEN");
    expect((await driver.client.PATCH("/admin/users/{id}", { params: { path: { id: driver.user.id } }, body: { role: "admin" } })).error?.status).toBe(403);
  });

  test("sign-in limits count REST and /trpc alike: after 5 wrong passwords on either, even the right one is 429 RATE_LIMITED", async () => {
    const driver = await newDriver();
    const wrong = { login: driver.user.username, password: "not-the-password" };
    const sdk = anonymousClient(server.url);
    for (let attempt = 0; attempt < 5; attempt++) {
      const refused =
        attempt % 2 === 0 ? (await restClient().POST("/auth/login", { body: wrong })).error?.appCode : appCode(await rejection(sdk.auth.login.mutate(wrong)));
      expect(refused, `attempt ${attempt + 1}`).toBe("INVALID_CREDENTIALS");
    }
    const limited = await restClient().POST("/auth/login", { body: { ...wrong, password: "rest-password-1" } });
    expect(limited.response.status).toBe(429);
    expect(limited.error).toMatchObject({ code: "TOO_MANY_REQUESTS", appCode: "RATE_LIMITED" });
  });

  test("what no typed client sends: unknown paths 404, wrong methods 405, bad JSON 400, other media types 415, huge bodies 413", async () => {
    expectProblem(await call("GET", "/api/v1/no/such/thing"), 404, "NOT_FOUND");
    expectProblem(await call("GET", "/api/v2/lots"), 404, "NOT_FOUND");
    const wrongMethod = await call("PUT", "/api/v1/reservations");
    expectProblem(wrongMethod, 405, "METHOD_NOT_SUPPORTED");
    expect(wrongMethod.headers.get("allow")).toBe("POST, GET");
    const json = { "content-type": "application/json" };
    expectProblem(await call("POST", "/api/v1/auth/login", { body: '{"login": "x",', headers: json }), 400, "MALFORMED_INPUT");
    expectProblem(await call("POST", "/api/v1/auth/login", { body: "[1, 2]", headers: json }), 400, "MALFORMED_INPUT");
    expectProblem(
      await call("POST", "/api/v1/auth/login", { body: "login=x", headers: { "content-type": "application/x-www-form-urlencoded" } }),
      415,
      "MALFORMED_INPUT",
    );
    const huge = JSON.stringify({ login: "x".repeat(4 * 1024 * 1024), password: "y" });
    expectProblem(await call("POST", "/api/v1/auth/login", { body: huge, headers: json }), 413, "PAYLOAD_TOO_LARGE");
    // A server that answered all that is still up and reading bodies.
    const login = await call("POST", "/api/v1/auth/login", { body: JSON.stringify({ login: "nobody", password: "wrong-password" }), headers: json });
    expectProblem(login, 401, "INVALID_CREDENTIALS");
  });

  test("a server on its way down: 503 UNAVAILABLE, so that the client knows nothing was done", async () => {
    // The refusal comes before any procedure or database: the HTTP layer alone answers it.
    const deps = { pingDb: async () => true } as unknown as Parameters<typeof createHttpApp>[0]["deps"];
    const app = createHttpApp({ deps, log: createLogger("silent"), corsOrigins: [] });
    const stopping = await listenLocally(app.listener);
    try {
      app.stopAccepting();
      const response = await fetch(`${stopping.url}/api/v1/reservations`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
      const problem = (await response.json()) as Problem;
      expect([response.status, response.headers.get("content-type"), response.headers.get("retry-after")]).toEqual([503, "application/problem+json", "1"]);
      expect(problem).toMatchObject({ status: 503, code: "SERVICE_UNAVAILABLE", appCode: "UNAVAILABLE" });
    } finally {
      stopping.server.close();
    }
  });
});

test("40 callers booking one spot for one window at once: exactly one 2xx, 39 × 409 SPOT_TAKEN", async () => {
  const callers = 40;
  const { data: lot } = await admin.POST("/lots", {
    body: { name: unique("Race lot "), address: "2 Rest Road", city: "Resttown", hourlyRateCents: 100, capacity: 1 },
  });
  const { data: spots } = await admin.GET("/spots", { params: { query: { lotId: lot!.id } } });
  const drivers = await Promise.all(Array.from({ length: callers }, () => newDriver("racer_")));
  const vehicles = await Promise.all(drivers.map((driver) => newVehicle(driver.client)));
  const window = { lotId: lot!.id, spotId: spots!.items[0]!.id, startsAt: iso(Date.now() + 50 * hour), endsAt: iso(Date.now() + 52 * hour) };

  const answers = await Promise.all(drivers.map((driver, i) => driver.client.POST("/reservations", { body: { ...window, vehicleId: vehicles[i]! } })));

  const outcomes = answers.map((answer) => `${answer.response.status} ${answer.error?.appCode ?? ""}`.trim());
  expect(outcomes.filter((outcome) => outcome.startsWith("2"))).toHaveLength(1);
  expect(outcomes.filter((outcome) => !outcome.startsWith("2"))).toEqual(Array.from({ length: callers - 1 }, () => "409 SPOT_TAKEN"));
  const booked = await server.prisma.reservation.findMany({ where: { spotId: window.spotId }, select: { id: true, status: true } });
  expect(booked).toEqual([{ id: answers.find((answer) => answer.data)!.data!.id, status: "confirmed" }]);
}, 60_000);

test("/docs is an HTML page whose script and stylesheet this server serves", async () => {
  const page = await fetch(`${server.url}/docs`);
  expect(page.status).toBe(200);
  expect(page.headers.get("content-type")).toMatch(/^text\/html/);
  const html = await page.text();
  const assets = [...html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
  expect(assets.length).toBeGreaterThanOrEqual(4);
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=/);
  for (const asset of assets) {
    expect(asset, "served by this server, not a CDN").toMatch(/^\/docs\//);
    const response = await fetch(`${server.url}${asset}`);
    expect(response.status, asset).toBe(200);
    expect(response.headers.get("content-type"), asset).toMatch(
      asset.endsWith(".css") ? /^text\/css/ : asset.endsWith(".png") ? /^image\/png/ : /^text\/javascript/,
    );
    expect((await response.arrayBuffer()).byteLength, asset).toBeGreaterThan(0);
  }
  const start = await (await fetch(`${server.url}/docs/start.js`)).text();
  expect(start).toContain('"/openapi.json"');
  expect((await fetch(`${server.url}/docs/index.html`)).status).toBe(404);
});

test("the build carries the reference's files beside the bundle, so a built server runs without their package", () => {
  const server = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { dependencies: Record<string, string> };
  expect(Object.keys(server.dependencies)).not.toContain(docsAssets.package);
  for (const { file } of Object.values(docsAssets.files)) {
    const built = new URL(`../dist/docs/${file}`, import.meta.url);
    expect(existsSync(built), `dist/docs/${file}`).toBe(true);
    expect(readFileSync(built).equals(readFileSync(createRequire(import.meta.url).resolve(`${docsAssets.package}/${file}`))), file).toBe(true);
  }
});
