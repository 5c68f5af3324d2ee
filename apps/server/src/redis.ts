// ioredis is loaded only by a process given REDIS_URL: the others start without it.

export interface RedisProbe {
  /** Whether Redis answers a PING within a second. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

const answerWithinMs = 1_000;

/**
 * A connection kept for health checks only. It reconnects by itself; while it
 * is down, a ping fails at once rather than waiting in a queue.
 */
export async function createRedisProbe(url: string): Promise<RedisProbe> {
  const { Redis } = await import("ioredis");
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: answerWithinMs,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  // Errors surface as failed pings; without a listener ioredis would print each one.
  redis.on("error", () => {});
  void redis.connect().catch(() => {});
  return {
    ping: async () => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<string>((resolve) => {
        timer = setTimeout(() => resolve("late"), answerWithinMs);
      });
      try {
        return (await Promise.race([redis.ping(), late])) === "PONG";
      } catch {
        return false;
      } finally {
        clearTimeout(timer);
      }
    },
    close: async () => {
      redis.disconnect();
    },
  };
}
