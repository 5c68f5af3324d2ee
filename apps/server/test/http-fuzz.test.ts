// Raw requests built by fast-check against the real server: bodies and query
// strings that are not superjson, not JSON, nested 100 000 deep, batches with
// odd indexes, bytes that are not UTF-8. Whatever arrives, the answer is
// never a 5xx, and every failure is a tRPC error carrying an appCode; on the
// REST surface, problem details carrying one.
// fast-check prints the seed of a failure; FUZZ_SEED replays it and
// FUZZ_RUNS sends more requests.
import { appRouter, createRestSurface, transformer } from "@park/api";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inputsAround, nastyString, nastyValue, objectWithSpecialKeys } from "../../../packages/api/test/all-procedures/arbitraries.ts";
import { procedurePaths } from "../../../packages/api/test/all-procedures/procedures.ts";
import { databases, register, startServer, type TestServer } from "./helpers.ts";

const runs = Number(process.env.FUZZ_RUNS ?? 250);
const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

// Node refuses request lines much longer than this with a bare 431 before any handler runs.
const maxQueryInput = 8_000;

const deep = (depth: number) => "[".repeat(depth) + "]".repeat(depth);

/** Body texts: JSON that is not superjson, superjson that lies, no JSON at all. */
function bodies(known: { lotId: string }): fc.Arbitrary<string | Uint8Array> {
  const envelope = (value: unknown) => {
    try {
      return JSON.stringify(transformer.serialize(value));
    } catch {
      return "{}";
    }
  };
  const batchOf = (item: fc.Arbitrary<unknown>) =>
    fc
      .array(fc.tuple(fc.constantFrom("0", "1", "2", "19", "20", "-1", "0.5", "00", "1e0", "__proto__", "constructor", "length", ""), item), { maxLength: 5 })
      .map((entries) => JSON.stringify(Object.fromEntries(entries)));
  const plausible = fc.constantFrom<unknown>(
    { lotId: known.lotId },
    { id: known.lotId },
    { limit: 5 },
    { login: "someone", password: "password123" },
    { lotId: known.lotId, from: new Date(Date.now() + 3_600_000), to: new Date(Date.now() + 7_200_000) },
  );
  return fc.oneof(
    { arbitrary: plausible.map(envelope), weight: 2 },
    { arbitrary: nastyValue.map(envelope), weight: 3 },
    { arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify({ json: v })), weight: 2 },
    { arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)), weight: 2 },
    { arbitrary: objectWithSpecialKeys.map((o) => JSON.stringify({ json: o })), weight: 3 },
    {
      arbitrary: batchOf(
        fc.oneof(
          plausible.map((v) => transformer.serialize(v)),
          fc.jsonValue({ maxDepth: 2 }),
        ),
      ),
      weight: 3,
    },
    {
      arbitrary: fc.constantFrom(
        "null",
        "0",
        "-0",
        "1e999",
        "true",
        '""',
        "[]",
        "{}",
        '{"json":null}',
        '{"json":{},"meta":null}',
        '{"json":{},"meta":{"values":"x"}}',
        '{"json":{"a":1},"meta":{"values":{"a":["Date"]}}}',
        '{"json":{"a":"x"},"meta":{"values":{"a":[["class","Nope"]]}}}',
        '{"json":"x","meta":{"values":[["symbol","nope"]]}}',
        '{"json":"1e5","meta":{"values":["bigint"]}}',
        '{"json":"(","meta":{"values":["regexp"]}}',
        '{"json":[[1,2]],"meta":{"values":["map"]}}',
        '{"json":"not a url","meta":{"values":["URL"]}}',
        '{"json":{"a":{}},"meta":{"referentialEqualities":{"a":["__proto__.x"]}}}',
        '{"json":{},"meta":{"values":{"__proto__":["undefined"]}}}',
        '{"json":{"__proto__":{"limit":1}}}',
        '{"json":{},"meta":{"v":"x"}}',
      ),
      weight: 4,
    },
    {
      arbitrary: fc
        .constantFrom(10, 1_000, 100_000)
        .chain((depth) =>
          fc.constantFrom(deep(depth), `{"json":${deep(depth)}}`, `{"json":{"a":1},"meta":{"values":{"a":${deep(depth)}}}}`, `{"0":{"json":${deep(depth)}}}`),
        ),
      weight: 2,
    },
    {
      arbitrary: fc.constantFrom(
        JSON.stringify({ json: { login: "x".repeat(1_000_000), password: "y" } }),
        JSON.stringify({ json: "z".repeat(3_000_000) }),
        // Over the body limit.
        `"${"w".repeat(4_300_000)}"`,
      ),
      weight: 1,
    },
    { arbitrary: fc.oneof(nastyString, fc.constantFrom("{oops", "[", '{"json":', "\u0000", "\uFEFF{}", "{}garbage", "")), weight: 2 },
    { arbitrary: fc.constantFrom(Uint8Array.from([0xff, 0xfe, 0x00]), Buffer.from('{"json":{"login":"\xff\xfe","password":"x"}}', "latin1")), weight: 1 },
  );
}

const paths = procedurePaths(appRouter);

const pathLists = fc.oneof(
  { arbitrary: fc.constantFrom(...paths), weight: 3 },
  {
    arbitrary: fc
      .array(
        fc.oneof(fc.constantFrom(...paths), fc.constantFrom("", "nope", "lots", "lots.list.x", "__proto__", "constructor", "toString", "lots.__proto__")),
        {
          minLength: 1,
          maxLength: 25,
        },
      )
      .map((list) => list.join(",")),
    weight: 2,
  },
);

const restTemplates = createRestSurface(appRouter).routes.map((route) => route.template);

/** Paths under /api/v1: every route, with ids good, bad and undecodable, and paths that are not there. */
function restPaths(known: { lotId: string }): fc.Arbitrary<string> {
  const segment = fc.oneof(
    fc.constantFrom(known.lotId, crypto.randomUUID(), "x", "%E0%A4%A", "%00", "..", "%2F", "__proto__", "constructor"),
    nastyString.map((text) => queryValue(text).slice(0, maxQueryInput / 2)),
  );
  return fc.oneof(
    {
      arbitrary: fc
        .tuple(fc.constantFrom(...restTemplates), fc.array(segment, { minLength: 2, maxLength: 2 }))
        .map(([t, [a, b]]) => t.replace(/\{[^}]+\}/, () => a!).replace(/\{[^}]+\}/, () => b!)),
      weight: 8,
    },
    { arbitrary: fc.constantFrom("", "/", "/nope", "/lots/", "//lots", "/lots/x/y/z", "/LOTS", "/__proto__", "/constructor"), weight: 1 },
  );
}

/** Query strings: the routes' parameter names and others, with values that are not what they should be. */
const restQueries = fc
  .array(
    fc.tuple(
      fc.constantFrom(
        "limit",
        "cursor",
        "lotId",
        "active",
        "disabled",
        "from",
        "to",
        "startsAt",
        "endsAt",
        "near[lat]",
        "near[__proto__]",
        "near",
        "__proto__[x]",
        "constructor",
        "status",
        "city",
      ),
      fc.oneof(
        fc.constantFrom(
          "5",
          "1e999",
          "-0",
          "0x10",
          "",
          "true",
          "maybe",
          "2026-02-30T09:00:00Z",
          "2026-05-01T09:00:00Z",
          "+275760-09-13T00:00:00Z",
          "9999-12-31T23:59:59Z",
          "null",
          "[]",
        ),
        nastyString,
      ),
    ),
    { maxLength: 5 },
  )
  .map((pairs) => pairs.map(([key, value]) => `${key}=${queryValue(value)}`).join("&"))
  // Longer request lines get Node's bare 431 before any handler runs; a cut escape is one more oddity.
  .map((query) => query.slice(0, maxQueryInput));

/** JSON bodies: plausible inputs and their mutations (dates as ISO strings), anything JSON, and what is not JSON at all. */
function restBodies(known: { lotId: string }): fc.Arbitrary<string | Uint8Array> {
  const json = (value: unknown) => {
    try {
      return JSON.stringify(value) ?? "";
    } catch {
      return "{}";
    }
  };
  const soon = Date.now() + 3_600_000;
  const valid = [
    { lotId: known.lotId, vehicleId: crypto.randomUUID(), startsAt: new Date(soon), endsAt: new Date(soon + 3_600_000) },
    { login: "someone", password: "password123" },
    { name: "Fuzzed", address: "x", city: "Fuzzton", hourlyRateCents: 100, capacity: 1, near: { lat: 1, lng: 2, radiusKm: 3 } },
    { method: "card", outOfService: true, role: "user", job: "exportAll" },
  ];
  return fc.oneof(
    {
      arbitrary: fc
        .constantFrom(...valid)
        .chain(inputsAround)
        .map(json),
      weight: 6,
    },
    { arbitrary: fc.jsonValue({ maxDepth: 3 }).map(json), weight: 2 },
    { arbitrary: objectWithSpecialKeys.map(json), weight: 2 },
    { arbitrary: bodies(known), weight: 2 },
  );
}

interface Request {
  method: string;
  path: string;
  query: string;
  body: string | Uint8Array;
  contentType: string | undefined;
  authorization: string | undefined;
}

/** A query-string value as a browser would send it (lone surrogates cannot travel in a URL). */
const queryValue = (text: string) => encodeURIComponent(new TextDecoder().decode(new TextEncoder().encode(text)));

describe.each(databases)("raw HTTP requests on %s", (kind) => {
  let server: TestServer;
  let requests: fc.Arbitrary<Request>;
  let restRequests: fc.Arbitrary<Request>;

  beforeAll(async () => {
    server = await startServer(kind);
    const admin = await register(server, "admin", "fz");
    const lot = await admin.client.lots.create.mutate({ name: "Fuzz", address: "x", city: "Fuzzton", hourlyRateCents: 100, capacity: 2 });
    requests = fc.record({
      method: fc.constantFrom("GET", "GET", "POST", "POST", "PUT", "DELETE", "PATCH"),
      path: pathLists,
      query: fc.constantFrom("", "batch=1", "batch=1", "batch=0", "batch=true", "batch=1&batch=1", "connectionParams=1", "connectionParams=%7B%7D"),
      body: bodies({ lotId: lot.id }),
      contentType: fc.constantFrom(
        "application/json",
        "application/json",
        "application/json; charset=utf-8",
        "APPLICATION/JSON",
        "text/plain",
        undefined,
        "multipart/form-data; boundary=x",
        "application/octet-stream",
      ),
      authorization: fc.constantFrom(undefined, undefined, `Bearer ${admin.tokens.accessToken}`, "Bearer x", "Basic abc", `Bearer ${"a".repeat(5_000)}`),
    });
    restRequests = fc.record({
      method: fc.constantFrom("GET", "GET", "POST", "POST", "PATCH", "PUT", "DELETE"),
      path: restPaths({ lotId: lot.id }),
      query: restQueries,
      body: restBodies({ lotId: lot.id }),
      contentType: fc.constantFrom("application/json", "application/json", "application/json; charset=utf-8", "APPLICATION/JSON", "text/plain", undefined),
      authorization: fc.constantFrom(undefined, `Bearer ${admin.tokens.accessToken}`, `Bearer ${admin.tokens.accessToken}`, "Bearer x"),
    });
  }, 120_000);
  afterAll(() => server?.stop());

  async function send(request: Request) {
    const { method, path, body, contentType, authorization } = request;
    const query = [request.query];
    const asQuery = method === "GET" || method === "DELETE";
    const input = asQuery && typeof body === "string" && body !== "" ? queryValue(body) : "";
    if (input.length > 0 && input.length <= maxQueryInput) query.push(`input=${input}`);
    const headers: Record<string, string> = { "x-request-id": "fuzz" };
    if (contentType) headers["content-type"] = contentType;
    if (authorization) headers.authorization = authorization;
    const search = query.filter(Boolean).join("&");
    return fetch(`${server.url}/trpc/${path}${search ? `?${search}` : ""}`, {
      method,
      headers,
      ...(asQuery ? {} : { body }),
      signal: AbortSignal.timeout(20_000),
    });
  }

  it("never answers 5xx, and every failure is a tRPC error with an appCode", async () => {
    const property = fc.asyncProperty(requests, async (request) => {
      const response = await send(request);
      const type = response.headers.get("content-type") ?? "";
      if (type.startsWith("text/event-stream")) {
        // A subscription that started: its first bytes are enough.
        await response.body?.cancel();
        expect(response.status).toBe(200);
        return;
      }
      const text = await response.text();
      expect(response.status, text.slice(0, 500)).toBeLessThan(500);
      // tRPC's adapter labels errors raised before it picks a content handler
      // (415, 405 for a form) text/plain, though the body is the same JSON.
      const body: unknown = JSON.parse(text);
      const items = Array.isArray(body) ? body : [body];
      expect(items.length).toBeGreaterThan(0);
      for (const item of items as Record<string, unknown>[]) {
        if ("result" in item) continue;
        const data = (item.error as { json?: { data?: { appCode?: unknown; code?: unknown } } } | undefined)?.json?.data;
        expect(data, text.slice(0, 500)).toMatchObject({ appCode: expect.any(String), code: expect.any(String) });
        expect(data!.code).not.toBe("INTERNAL_SERVER_ERROR");
      }
      if (response.status >= 400) expect(items.some((item) => "error" in item)).toBe(true);
    });
    await fc.assert(property, { numRuns: runs, ...(seed === undefined ? {} : { seed }) });
  }, 300_000);

  it("never answers 5xx on REST, and every failure there is problem details with an appCode", async () => {
    const property = fc.asyncProperty(restRequests, async ({ method, path, query, body, contentType, authorization }) => {
      const headers: Record<string, string> = { "x-request-id": "fuzz" };
      if (contentType) headers["content-type"] = contentType;
      if (authorization) headers.authorization = authorization;
      const response = await fetch(`${server.url}/api/v1${path}${query ? `?${query}` : ""}`, {
        method,
        headers,
        ...(method === "GET" || method === "DELETE" ? {} : { body }),
        signal: AbortSignal.timeout(20_000),
      });
      const text = await response.text();
      expect(response.status, text.slice(0, 500)).toBeLessThan(500);
      if (response.ok) return;
      expect(response.headers.get("content-type"), text.slice(0, 500)).toBe("application/problem+json");
      const problem = JSON.parse(text) as { status: number; code: string; appCode: string };
      expect(problem, text.slice(0, 500)).toMatchObject({ status: response.status, code: expect.any(String), appCode: expect.any(String) });
      expect(problem.code).not.toBe("INTERNAL_SERVER_ERROR");
    });
    // Half as many: each REST route is one procedure, with far fewer ways in than /trpc's batches and envelopes.
    await fc.assert(property, { numRuns: Math.ceil(runs / 2), ...(seed === undefined ? {} : { seed }) });
  }, 300_000);
});
