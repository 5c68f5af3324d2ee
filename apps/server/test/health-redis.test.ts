// /healthz names Redis when the server is configured with one: "ok" while it
// answers, 503 with "redis":"down" once it is gone, "ok" again when it is back.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { afterAll, describe, expect, test } from "vitest";
import { startServer, type TestServer } from "./helpers.ts";

async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

/** A Redis of the test's own, which keeps nothing on disk. */
async function startRedis(port: number): Promise<ChildProcess> {
  const redis = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    redis.once("error", reject);
    redis.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Ready to accept connections")) resolve();
    });
  });
  return redis;
}

const health = async (server: TestServer) => {
  const response = await fetch(`${server.url}/healthz`);
  return { status: response.status, body: (await response.json()) as Record<string, string> };
};

describe("/healthz with REDIS_URL", () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  });

  test("reports redis ok, then down within the probe's second, then ok again", async () => {
    const port = await freePort();
    let redis = await startRedis(port);
    cleanups.push(async () => redis.kill("SIGKILL"));
    const server = await startServer("pglite", { REDIS_URL: `redis://127.0.0.1:${port}` });
    cleanups.push(() => server.stop());

    await expect.poll(() => health(server), { timeout: 5_000 }).toEqual({ status: 200, body: { status: "ok", db: "ok", redis: "ok" } });

    redis.kill("SIGKILL");
    await once(redis, "exit");
    const started = performance.now();
    expect(await health(server)).toEqual({ status: 503, body: { status: "degraded", db: "ok", redis: "down" } });
    expect(performance.now() - started).toBeLessThan(1_500);

    redis = await startRedis(port);
    await expect.poll(() => health(server), { timeout: 10_000 }).toEqual({ status: 200, body: { status: "ok", db: "ok", redis: "ok" } });
  });
});
