// The local Redis the suites use, as they use the local PostgreSQL: required
// under CI, skipped with a notice elsewhere when it does not answer. Each suite
// keeps its keys under a prefix of its own and removes them when done.
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";

export const testRedisUrl = process.env.PARK_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

export async function redisAvailable(): Promise<boolean> {
  const redis = new Redis(testRedisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1_000, retryStrategy: () => null });
  redis.on("error", () => {});
  try {
    await redis.connect();
    if ((await redis.ping()) === "PONG") return true;
  } catch {
    // Reported below.
  } finally {
    redis.disconnect();
  }
  if (process.env.CI === "true") throw new Error(`Redis is not reachable at ${testRedisUrl} (set PARK_TEST_REDIS_URL).`);
  console.warn(`\n[notice] Redis not reachable at ${testRedisUrl}: its suites are skipped.\n`);
  return false;
}

/** A queue prefix no other suite or run uses. */
export const uniquePrefix = (name: string) => `park-test-${name}-${randomBytes(4).toString("hex")}`;

/** Removes every key under `prefix`. */
export async function dropPrefix(prefix: string): Promise<void> {
  const redis = new Redis(testRedisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}
