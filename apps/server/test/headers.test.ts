// Every response the server writes carries the browser security headers: the
// web app, the API on both its paths, health, errors and 404s. HSTS only goes
// out on connections that really are TLS.
import { execFileSync } from "node:child_process";
import { once } from "node:events";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { request as httpsRequest, createServer as createHttpsServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { transformer } from "@park/api";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createHttpApp } from "../src/http.ts";
import { createLogger } from "../src/logger.ts";
import { startServer, type TestServer } from "./helpers.ts";
import { repoRoot } from "./processes.ts";

const webDist = join(repoRoot, "apps/web/dist");
const hasWeb = existsSync(join(webDist, "index.html"));
const kioskDist = join(repoRoot, "apps/kiosk/dist");
const hasKiosk = existsSync(join(kioskDist, "index.html"));
const enc = (value: unknown) => encodeURIComponent(JSON.stringify(transformer.serialize(value)));

type HeaderBag = { get(name: string): string | null };

function directives(csp: string): Record<string, string[]> {
  return Object.fromEntries(
    csp
      .split(";")
      .map((part) => part.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...values]) => [name!, values]),
  );
}

function expectSecurityHeaders(headers: HeaderBag, what: string, { hsts = false } = {}) {
  const csp = headers.get("content-security-policy");
  expect(csp, `${what}: content-security-policy`).toBeTruthy();
  const policy = directives(csp!);
  expect(policy["default-src"], what).toEqual(["'self'"]);
  expect(policy["script-src"], what).toEqual(["'self'"]);
  expect(policy["script-src-attr"], what).toEqual(["'none'"]);
  expect(policy["object-src"], what).toEqual(["'none'"]);
  expect(policy["frame-ancestors"], what).toEqual(["'none'"]);
  expect(csp, what).not.toMatch(/unsafe-inline|unsafe-eval/);
  expect(headers.get("x-content-type-options"), what).toBe("nosniff");
  expect(headers.get("x-frame-options"), what).toBe("DENY");
  expect(headers.get("referrer-policy"), what).toBe("no-referrer");
  if (hsts) expect(headers.get("strict-transport-security"), what).toMatch(/^max-age=\d{7,}$/);
  else expect(headers.get("strict-transport-security"), what).toBeNull();
}

const asset = hasWeb ? (/src="(\/assets\/[^"]+\.js)"/.exec(readFileSync(join(webDist, "index.html"), "utf8"))?.[1] ?? "/assets/missing.js") : "";
const kioskAsset = hasKiosk
  ? (/src="(\/kiosk\/assets\/[^"]+\.js)"/.exec(readFileSync(join(kioskDist, "index.html"), "utf8"))?.[1] ?? "/kiosk/assets/missing.js")
  : "";

/** A built page that a policy allowing nothing inline lets run whole. */
function expectNothingInline(html: string) {
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  expect(html).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=/i);
}

const requests: [string, string, RequestInit?][] = [
  ["the health check", "/healthz"],
  ["a query on the fast path", "/trpc/health.check"],
  ["a query on tRPC's adapter", "/trpc/health.check?batch=1", { headers: { "trpc-accept": "application/jsonl" } }],
  [
    "a failed mutation",
    "/trpc/auth.login",
    {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(transformer.serialize({ login: "nobody", password: "nothing12" })),
    },
  ],
  ["a validation error", `/trpc/lots.byId?input=${enc({ id: "nope" })}`],
  ["an unknown procedure", "/trpc/no.such.thing"],
  ["a batch over the cap", `/trpc/${Array.from({ length: 60 }, () => "health.check").join(",")}?batch=1`],
  ["a CORS preflight", "/trpc/auth.login", { method: "OPTIONS", headers: { origin: "http://localhost:5173", "access-control-request-method": "POST" } }],
  ["a 404", "/no/such/path", { method: "POST" }],
  ["a REST read", "/api/v1/health"],
  ["a REST failure", "/api/v1/auth/me"],
  ["a REST path that does not exist", "/api/v1/no/such/path", { method: "POST" }],
  ["the OpenAPI document", "/openapi.json"],
  ["the API reference, under the same policy", "/docs"],
  ["the API reference's script", "/docs/swagger-ui-bundle.js"],
];

describe("security headers over plain HTTP", () => {
  let server: TestServer;
  let proxied: TestServer;

  beforeAll(async () => {
    const web: Record<string, string> = { ...(hasWeb ? { WEB_DIST: webDist } : {}), ...(hasKiosk ? { KIOSK_DIST: kioskDist } : {}) };
    [server, proxied] = await Promise.all([startServer("pglite", web), startServer("pglite", { ...web, TRUST_PROXY: "loopback" })]);
  });
  afterAll(async () => {
    await Promise.all([server?.stop(), proxied?.stop()]);
  });

  test.each(requests)("on %s", async (what, path, init) => {
    const response = await fetch(`${server.url}${path}`, init);
    await response.arrayBuffer();
    expectSecurityHeaders(response.headers, what);
  });

  test.skipIf(!hasWeb)("on the web app: its page, an asset, a client-side route and HEAD", async () => {
    for (const [path, method] of [
      ["/", "GET"],
      [asset, "GET"],
      ["/lots/some-lot", "GET"],
      ["/admin", "GET"],
      ["/", "HEAD"],
    ] as const) {
      const response = await fetch(`${server.url}${path}`, { method });
      await response.arrayBuffer();
      expect(response.status, path).toBe(200);
      expectSecurityHeaders(response.headers, `${method} ${path}`);
    }
  });

  test.skipIf(!hasWeb)("the built page needs no inline script or style", () => {
    expectNothingInline(readFileSync(join(webDist, "index.html"), "utf8"));
  });

  test.skipIf(!hasKiosk)("on the kiosk: its page, an asset, its client-side routes and HEAD", async () => {
    for (const [path, method] of [
      ["/kiosk/", "GET"],
      [kioskAsset, "GET"],
      ["/kiosk/gate", "GET"],
      ["/kiosk/lots/some-lot", "GET"],
      ["/kiosk/", "HEAD"],
    ] as const) {
      const response = await fetch(`${server.url}${path}`, { method });
      await response.arrayBuffer();
      expect(response.status, path).toBe(200);
      expectSecurityHeaders(response.headers, `${method} ${path}`);
    }
  });

  test.skipIf(!hasKiosk)("the built kiosk needs no inline script or style, and loads its files from under /kiosk/", () => {
    const html = readFileSync(join(kioskDist, "index.html"), "utf8");
    expectNothingInline(html);
    const references = [...html.matchAll(/\b(?:src|href)="(\/[^"]*)"/g)].map((match) => match[1]);
    expect(references.length).toBeGreaterThan(0);
    for (const reference of references) expect(reference).toMatch(/^\/kiosk\/assets\//);
  });

  test("on a subscription stream", async () => {
    const abort = new AbortController();
    const response = await fetch(`${server.url}/trpc/lots.onAvailability?input=${enc({ lotId: "00000000-0000-4000-8000-000000000000" })}`, {
      headers: { accept: "text/event-stream" },
      signal: abort.signal,
    });
    abort.abort();
    expectSecurityHeaders(response.headers, "a subscription");
  });

  test("X-Forwarded-Proto is ignored unless the proxy is trusted", async () => {
    const response = await fetch(`${server.url}/healthz`, { headers: { "x-forwarded-proto": "https" } });
    await response.arrayBuffer();
    expectSecurityHeaders(response.headers, "an untrusted X-Forwarded-Proto", { hsts: false });
  });

  test("HSTS when a trusted proxy says the client came over HTTPS, and only then", async () => {
    for (const [proto, hsts] of [
      ["https", true],
      ["http", false],
      [undefined, false],
    ] as const) {
      for (const path of ["/healthz", "/trpc/health.check", "/no/such/path"]) {
        const response = await fetch(`${proxied.url}${path}`, { headers: proto ? { "x-forwarded-proto": proto } : {} });
        await response.arrayBuffer();
        expectSecurityHeaders(response.headers, `${path} with X-Forwarded-Proto ${proto}`, { hsts });
      }
    }
  });
});

describe("security headers over TLS", () => {
  let dir: string;
  let server: Server;
  let port: number;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "park-tls-"));
    const key = join(dir, "key.pem");
    const cert = join(dir, "cert.pem");
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        key,
        "-out",
        cert,
        "-days",
        "1",
        "-subj",
        "/CN=localhost",
      ],
      { stdio: "ignore" },
    );
    const deps = { pingDb: async () => true } as unknown as Parameters<typeof createHttpApp>[0]["deps"];
    const app = createHttpApp({ deps, log: createLogger("silent"), corsOrigins: [] });
    server = createHttpsServer({ key: readFileSync(key), cert: readFileSync(cert) }, app.listener).listen(0, "127.0.0.1");
    await once(server, "listening");
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  test("a direct TLS connection gets HSTS", async () => {
    const headers = await new Promise<Record<string, string | string[] | undefined>>((done, fail) => {
      const req = httpsRequest({ host: "127.0.0.1", port, path: "/healthz", rejectUnauthorized: false }, (res) => {
        res.resume();
        res.on("end", () => done(res.headers));
      });
      req.on("error", fail);
      req.end();
    });
    expectSecurityHeaders({ get: (name) => (headers[name] as string | undefined) ?? null }, "TLS", { hsts: true });
  });
});
