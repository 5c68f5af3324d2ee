// pnpm bench:mail [--bookings n] [--redis]
//
// Mail delivery measured end to end on PostgreSQL: a built server that runs no
// jobs takes bookings, a built worker (dist/worker.js) delivers their
// confirmations to an SMTP server in this process, which notes when each
// arrives. Latency is from the booking's transaction (the outbox row's
// created_at) to the message accepted by the SMTP server, while bookings keep
// coming from 10 clients at once. Throughput is a backlog of as many messages,
// written while no worker ran, sent by one worker: first to last message. `--redis` runs both through BullMQ on the local Redis.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Redis } from "ioredis";
import superjson from "superjson";
import { startSmtpServer } from "@park/api/test-smtp";
import { createDatabase } from "./seed.mjs";
import { repoRoot, startPark } from "./servers.mjs";

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== "--"),
  options: {
    bookings: { type: "string", default: "1000" },
    rate: { type: "string", default: "25" },
    redis: { type: "boolean", default: false },
  },
});
const bookings = Number(args.bookings);
// Bookings per second while latency is measured: below what one worker sends, so that the figure is the
// delivery's own delay and not a queue growing behind it (the backlog phase measures that rate).
const rate = Number(args.rate);
if (!(bookings >= 10 && bookings <= 20_000) || !(rate > 0)) {
  console.error("bench:mail: --bookings must be between 10 and 20000, --rate positive");
  process.exit(2);
}
const pgUrl = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const redisUrl = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
const workerMain = fileURLToPath(new URL("../../../apps/server/dist/worker.js", import.meta.url));
const log = (message) => console.log(`[bench:mail] ${message}`);
const hour = 3_600_000;
const clients = 10;

async function call(url, path, input, token) {
  const response = await fetch(`${url}/trpc/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(superjson.serialize(input)),
  });
  const body = await response.json();
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${JSON.stringify(body).slice(0, 300)}`);
  return superjson.deserialize(body.result.data);
}

/** Starts dist/worker.js; resolves once it says it is taking work. */
async function startWorker(env) {
  const inherited = Object.fromEntries(["PATH", "HOME", "TMPDIR"].filter((k) => process.env[k]).map((k) => [k, process.env[k]]));
  const child = spawn(process.execPath, [workerMain], {
    cwd: repoRoot,
    env: { ...inherited, ...env, LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const readyLine = env.REDIS_URL ? "queue engine started" : "park worker is running jobs";
  let output = "";
  await new Promise((resolve, reject) => {
    child.stdout.setEncoding("utf8").on("data", (chunk) => {
      output += chunk;
      if (output.includes(readyLine)) resolve();
    });
    child.once("exit", (code) => reject(new Error(`the worker exited (${code}) before it was ready:\n${output}`)));
  });
  return {
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    },
  };
}

/** Removes the benchmark's queues from the local Redis, in one script run by Redis itself. */
async function dropKeys(prefix) {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    await redis.eval("for _, key in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', key) end", 0, `${prefix}:*`);
  } finally {
    redis.disconnect();
  }
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function main() {
  const database = await createDatabase({ pgUrl });
  const smtp = await startSmtpServer();
  const arrivals = new Map();
  const received = smtp.received;
  // The capture server keeps messages in arrival order; their time is taken as they come.
  const push = received.push.bind(received);
  received.push = (...mails) => {
    for (const mail of mails) arrivals.set(mail.messageId, Date.now());
    return push(...mails);
  };
  const prefix = `park-bench-${randomBytes(4).toString("hex")}`;
  const env = {
    ...database.serverEnv,
    SMTP_URL: smtp.url,
    ...(args.redis ? { REDIS_URL: redisUrl, REDIS_PREFIX: prefix } : {}),
    JWT_SECRET: "bench-secret-bench-secret-bench-secret-0123",
  };
  const cleanups = [() => smtp.close(), database.drop, ...(args.redis ? [() => dropKeys(prefix)] : [])];
  try {
    const park = await startPark({ env: { ...env, RUN_JOBS: "false", ADMIN_EMAIL: "mailbench@bench.example", ADMIN_PASSWORD: "benchpass123" } });
    cleanups.unshift(park.stop);
    const db = await database.open({ poolSize: 2 });
    cleanups.unshift(() => db.close());
    const admin = await call(park.url, "auth.login", { login: "mailbench@bench.example", password: "benchpass123" });
    const lot = await call(
      park.url,
      "lots.create",
      { name: "Mail Bench", address: "1 Bench Rd", city: "Benchton", hourlyRateCents: 200, capacity: 200 },
      admin.accessToken,
    );
    // Each client is a driver with one car booking hour after hour, so that no two of its bookings overlap.
    const drivers = await Promise.all(
      Array.from({ length: clients }, async (_, i) => {
        const signedUp = await call(park.url, "auth.register", {
          username: `mb${i}_${prefix}`.slice(0, 30),
          email: `mb${i}@${prefix}.example`,
          password: "benchpass123",
        });
        const vehicle = await call(park.url, "vehicles.create", { plate: `MB${i}X${prefix.slice(-4)}` }, signedUp.accessToken);
        return { token: signedUp.accessToken, vehicleId: vehicle.id, next: 0 };
      }),
    );
    const firstHour = Math.ceil((Date.now() + 2 * hour) / hour) * hour;
    /** Books `count` times from the clients at once, at most `perSecond` bookings a second. */
    const book = async (count, perSecond = Infinity) => {
      let left = count;
      const began = performance.now();
      await Promise.all(
        drivers.map(async (driver) => {
          while (left > 0) {
            const sent = count - left--;
            const due = began + (sent / perSecond) * 1000;
            if (due > performance.now()) await new Promise((resolve) => setTimeout(resolve, due - performance.now()));
            const startsAt = new Date(firstHour + driver.next++ * hour);
            await call(
              park.url,
              "reservations.create",
              { lotId: lot.id, vehicleId: driver.vehicleId, startsAt, endsAt: new Date(startsAt.getTime() + hour) },
              driver.token,
            );
          }
        }),
      );
    };
    const outboxCount = async () => Number((await db.sql.query(`SELECT count(*)::int AS n FROM outbox WHERE kind = 'reservation.confirmed'`))[0].n);
    const waitForArrivals = async (count, timeoutMs) => {
      const deadline = Date.now() + timeoutMs;
      while (arrivals.size < count) {
        if (Date.now() > deadline) throw new Error(`only ${arrivals.size} of ${count} messages arrived`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };

    log(`latency: ${bookings} bookings from ${clients} clients at ${rate}/s, one worker delivering (${args.redis ? "BullMQ on Redis" : "database engine"})`);
    let worker = await startWorker(env);
    const booked = performance.now();
    await book(bookings, rate);
    const bookingSeconds = (performance.now() - booked) / 1000;
    await waitForArrivals(bookings, 120_000);
    await worker.stop();
    const rows = await db.sql.query(`SELECT id::text, created_at FROM outbox WHERE kind = 'reservation.confirmed'`);
    const latencies = rows.map((row) => arrivals.get(`<${row.id}@park.local>`) - row.created_at.getTime()).sort((a, b) => a - b);

    log(`throughput: ${bookings} more bookings with no worker running, then one worker sends the backlog`);
    await book(bookings);
    if ((await outboxCount()) !== 2 * bookings) throw new Error("the backlog is not complete");
    const before = new Set(arrivals.keys());
    worker = await startWorker(env);
    cleanups.unshift(() => worker.stop());
    await waitForArrivals(before.size + bookings, 300_000);
    // From the first message of the backlog to reach the SMTP server to the last.
    const backlog = [...arrivals].filter(([id]) => !before.has(id)).map(([, at]) => at);
    const backlogSeconds = (Math.max(...backlog) - Math.min(...backlog)) / 1000;
    if (received.length !== 2 * bookings) throw new Error(`the SMTP server accepted ${received.length} messages for ${2 * bookings} bookings`);

    const load = loadavg()
      .map((n) => n.toFixed(1))
      .join(" ");
    console.log(
      `\nmail delivery, ${args.redis ? "BullMQ on Redis" : "database engine"}, PostgreSQL, ${cpus().length} cores, node ${process.version}, load average ${load}\n`,
    );
    console.log(`commit to SMTP, ${bookings} bookings (${(bookings / bookingSeconds).toFixed(0)}/s from ${clients} clients):`);
    console.log(`  p50 ${percentile(latencies, 50)} ms   p99 ${percentile(latencies, 99)} ms   max ${latencies.at(-1)} ms`);
    console.log(`backlog of ${bookings}, first to last message: ${backlogSeconds.toFixed(1)} s, ${((bookings - 1) / backlogSeconds).toFixed(0)} mails/s`);
    console.log(
      `every message once: ${received.length} accepted for ${2 * bookings} bookings, ${new Set(received.map((m) => m.messageId)).size} distinct Message-IDs`,
    );
  } finally {
    for (const cleanup of cleanups) await cleanup().catch((error) => console.error(`bench:mail: cleanup failed: ${error.message}`));
  }
}

await main();
