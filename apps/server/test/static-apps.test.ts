// The web app at / and the kiosk at /kiosk/ share one server: each gets its
// own files and its own client-side routes, and neither's fallback page
// swallows the other's paths. Small stand-in builds keep this independent of
// the real ones (headers.test.ts reads those).
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createHttpApp } from "../src/http.ts";
import { createLogger } from "../src/logger.ts";
import { listenLocally } from "./helpers.ts";

const webPage = "<!doctype html><title>web app</title>";
const kioskPage = "<!doctype html><title>kiosk</title>";
const kioskScript = "console.log('kiosk');";

let root: string;
const servers: Server[] = [];

async function build(folder: string, files: Record<string, string>) {
  for (const [name, content] of Object.entries(files)) {
    await mkdir(join(folder, name, ".."), { recursive: true });
    await writeFile(join(folder, name), content);
  }
}

/** A server of the HTTP layer alone: these paths never reach the API. */
async function serve(dists: { webDist?: string; kioskDist?: string }): Promise<string> {
  const deps = { pingDb: async () => true } as unknown as Parameters<typeof createHttpApp>[0]["deps"];
  const app = createHttpApp({ deps, log: createLogger("silent"), corsOrigins: [], ...dists });
  const { server, url } = await listenLocally(app.listener);
  servers.push(server);
  return url;
}

async function get(url: string, init?: RequestInit) {
  const response = await fetch(url, { redirect: "manual", ...init });
  return { status: response.status, body: await response.text(), headers: response.headers };
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "park-static-"));
  await build(join(root, "web"), { "index.html": webPage, "assets/web.js": "console.log('web');" });
  await build(join(root, "kiosk"), { "index.html": kioskPage, "assets/kiosk.js": kioskScript });
});

afterAll(async () => {
  for (const server of servers) server.close();
  await rm(root, { recursive: true, force: true });
});

describe("the web app and the kiosk on one server", () => {
  let url: string;
  beforeAll(async () => {
    url = await serve({ webDist: join(root, "web"), kioskDist: join(root, "kiosk") });
  });

  test("the kiosk's page answers at /kiosk/ and at each of its routes", async () => {
    for (const path of ["/kiosk/", "/kiosk/gate", "/kiosk/lots/0b8c4ab5-7a4e-4f4e-9d55-8c1f0f4b2a10", "/kiosk/gate?lot=1"]) {
      const response = await get(`${url}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.body, path).toBe(kioskPage);
      expect(response.headers.get("content-type"), path).toMatch(/^text\/html/);
    }
    const head = await fetch(`${url}/kiosk/gate`, { method: "HEAD" });
    expect(head.status).toBe(200);
  });

  test("the kiosk's files are served from its folder, and a missing one is a 404, not its page", async () => {
    const script = await get(`${url}/kiosk/assets/kiosk.js`);
    expect(script.status).toBe(200);
    expect(script.body).toBe(kioskScript);
    expect(script.headers.get("content-type")).toMatch(/javascript/);
    expect((await get(`${url}/kiosk/assets/missing.js`)).status).toBe(404);
    // The web app's files are not the kiosk's.
    expect((await get(`${url}/kiosk/assets/web.js`)).status).toBe(404);
  });

  test("/kiosk without its slash is sent to /kiosk/, with its query", async () => {
    for (const [path, location] of [
      ["/kiosk", "/kiosk/"],
      ["/kiosk?screen=2", "/kiosk/?screen=2"],
    ]) {
      const response = await get(`${url}${path}`);
      expect(response.status, path).toBe(308);
      expect(response.headers.get("location"), path).toBe(location);
    }
  });

  test("the web app keeps its routes, including paths that merely start like the kiosk's", async () => {
    for (const path of ["/", "/lots/some-lot", "/admin/lots", "/kiosks", "/kiosk-help"]) {
      const response = await get(`${url}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.body, path).toBe(webPage);
    }
    expect((await get(`${url}/assets/web.js`)).status).toBe(200);
    expect((await get(`${url}/assets/kiosk.js`)).status).toBe(404);
  });

  test("only reading is served: a POST to the kiosk is a 404", async () => {
    expect((await get(`${url}/kiosk/gate`, { method: "POST" })).status).toBe(404);
    expect((await get(`${url}/kiosk`, { method: "POST" })).status).toBe(404);
  });
});

test("without a built kiosk, /kiosk/ paths are 404s rather than the web app's page", async () => {
  const url = await serve({ webDist: join(root, "web"), kioskDist: join(root, "no-such-folder") });
  for (const path of ["/kiosk/", "/kiosk/gate"]) {
    const response = await get(`${url}${path}`);
    expect(response.status, path).toBe(404);
    expect(response.body, path).not.toBe(webPage);
  }
  expect((await get(`${url}/lots/some-lot`)).body).toBe(webPage);
});
