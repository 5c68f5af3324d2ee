// With REDIS_URL, BullMQ on that Redis carries the jobs and the mail between
// processes, and the database still decides what runs: three engines firing a
// schedule run each due time once between them; two servers and three worker
// processes on one PostgreSQL and one Redis deliver every message once, run an
// export asked for through a server in a worker, and lose nothing when the
// workers are killed while a message is on the wire.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { allJobs } from "@park/api";
import { startSmtpServer, type TestSmtpServer } from "@park/api/test-smtp";
import { createPostgresDatabase, openTestDatabase, postgresAvailable } from "@park/db/testing";
import { createParkClient, memoryTokenStore, type ParkClient } from "@park/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEnv } from "../src/env.ts";
import { startJobs } from "../src/jobs.ts";
import { createLogger } from "../src/logger.ts";
import { openDatabase, type Database } from "@park/db";
import { testDeps, unique } from "./helpers.ts";
import { killWorkers, spawnServer, spawnWorker, until, workerEntry, type ServerProcess, type WorkerProcess } from "./processes.ts";
import { dropPrefix, redisAvailable, testRedisUrl, uniquePrefix } from "./redis.ts";

// Under CI an unreachable PostgreSQL or Redis fails the file here instead of skipping.
const postgresUp = await postgresAvailable();
const redisUp = await redisAvailable();
const hour = 3_600_000;

describe.skipIf(!(postgresUp && redisUp))("BullMQ schedules", () => {
  it("three engines fire a schedule every two seconds: each due time runs once, in one of them", async () => {
    const db = await openTestDatabase("postgres");
    const dataDir = await mkdtemp(join(tmpdir(), "park-queues-"));
    const prefix = uniquePrefix("cron");
    const env = loadEnv({ DATA_DIR: dataDir, REDIS_URL: testRedisUrl, REDIS_PREFIX: prefix, LOG_LEVEL: "silent" });
    const everyTwoSeconds = { ...allJobs.find((job) => job.name === "bookingUpkeep")!, cron: "*/2 * * * * *" };
    const apis = [0, 1, 2].map(() => testDeps(db));
    try {
      const engines = await Promise.all(
        apis.map((services) =>
          startJobs({ env, log: createLogger("silent"), services, runJobs: true, deliverMail: false, tuning: { jobs: [everyTwoSeconds] } }),
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 9_000));
      await Promise.all(engines.map((engine) => engine.stop(5_000)));

      const runs = await db.prisma.jobRun.findMany({ where: { job: "bookingUpkeep" }, orderBy: { dueAt: "asc" } });
      const dues = runs.map((run) => run.dueAt!.getTime());
      expect(runs.length).toBeGreaterThanOrEqual(3);
      // A due time claimed just as its engine began to stop is handed back for another process, as at
      // any shutdown; here no engine is left to take it, so it may stay waiting. Only the last one can.
      const unfinished = runs.filter((run) => !(run.status === "succeeded" && run.attempts === 1));
      const handedBack = (run: (typeof runs)[number]) =>
        run.status === "running" && run.attempts === 1 && run.owner === null && /handed it back$/.test(run.lastError ?? "");
      expect(unfinished.filter((run) => !handedBack(run) || run !== runs.at(-1))).toEqual([]);
      // Every due time from the first to the last, none skipped, none twice.
      expect(dues.every((due) => due % 2_000 === 0)).toBe(true);
      expect(dues.slice(1).map((due, i) => due - dues[i]!)).toEqual(dues.slice(1).map(() => 2_000));
      const owners = runs.map((run) => run.owner);
      console.info(
        `[bullmq schedule] ${runs.length} due times, runs per engine ${[...new Set(owners)].map((o) => owners.filter((x) => x === o).length).join("/")}`,
      );
    } finally {
      await Promise.all(apis.map((api) => api.close()));
      await db.drop();
      await rm(dataDir, { recursive: true, force: true });
      await dropPrefix(prefix);
    }
  }, 60_000);
});

describe.skipIf(!(postgresUp && redisUp))("two servers and three workers on one PostgreSQL and one Redis", () => {
  const adminEmail = "admin@queues.test";
  const adminPassword = "queues-admin-pass-1";
  const prefix = uniquePrefix("topology");
  let database: { url: string; drop(): Promise<void> };
  let db: Database;
  let smtp: TestSmtpServer;
  let servers: ServerProcess[] = [];
  let workers: WorkerProcess[] = [];
  let admin: ParkClient;
  let lot: { id: string };
  const tag = Date.now().toString(36).slice(-5).toUpperCase();
  let bookings = 0;

  const sharedEnv = () => ({
    DATABASE_URL: database.url,
    REDIS_URL: testRedisUrl,
    REDIS_PREFIX: prefix,
    SMTP_URL: smtp.url,
    JWT_SECRET: "queues-suite-secret-0123456789abcdefghij",
  });
  const startWorkers = (count: number, env: Record<string, string> = {}) =>
    Array.from({ length: count }, () => spawnWorker(workerEntry, { ...sharedEnv(), ...env }));
  const sql = <T extends Record<string, unknown>>(text: string, params: unknown[] = []) => db.sql.query<T>(text, params);

  /** Registers a driver through `server`, gives them a car and books a spot: one confirmation in the outbox. */
  async function book(server: ServerProcess, email = `${unique("qd")}@example.com`): Promise<string> {
    const anonymous = createParkClient({ url: server.url, tokens: null });
    const signedUp = await anonymous.auth.register.mutate({ username: unique("qd"), email, password: "queues-driver-1" });
    const driver = createParkClient({ url: server.url, tokens: memoryTokenStore(signedUp) });
    const vehicle = await driver.vehicles.create.mutate({ plate: `Q${tag}${bookings}` });
    const startsAt = new Date(Math.ceil((Date.now() + (2 + bookings++) * hour) / 60_000) * 60_000);
    const reservation = await driver.reservations.create.mutate({
      lotId: lot.id,
      vehicleId: vehicle.id,
      startsAt,
      endsAt: new Date(startsAt.getTime() + hour),
    });
    const [row] = await sql<{ id: string }>(`SELECT id::text FROM outbox WHERE kind = 'reservation.confirmed' AND payload->>'reservationId' = $1`, [
      reservation.id,
    ]);
    return row!.id;
  }
  const messageIdOf = (outboxId: string) => `<${outboxId}@park.local>`;
  const timesReceived = (outboxId: string) => smtp.received.filter((m) => m.messageId === messageIdOf(outboxId)).length;

  beforeAll(async () => {
    database = await createPostgresDatabase("park_queues");
    smtp = await startSmtpServer();
    db = await openDatabase({ url: database.url, poolSize: 2 });
    const env = { ...sharedEnv(), RUN_JOBS: "false", LOG_LEVEL: "info", ADMIN_EMAIL: adminEmail, ADMIN_PASSWORD: adminPassword };
    // The first migrates the fresh database; the others find nothing to do.
    servers = [await spawnServer({ name: "queues-a", env })];
    await servers[0]!.ready(90_000);
    servers.push(await spawnServer({ name: "queues-b", env }));
    workers = startWorkers(3);
    await Promise.all([servers[1]!.ready(90_000), ...workers.map((w) => w.logged("park worker is running jobs", 60_000))]);
    const signedIn = await createParkClient({ url: servers[0]!.url, tokens: null }).auth.login.mutate({ login: adminEmail, password: adminPassword });
    admin = createParkClient({ url: servers[1]!.url, tokens: memoryTokenStore(signedIn) });
    lot = await admin.lots.create.mutate({ name: `Queues ${tag}`, address: "3 Queue Rd", city: "Redisham", hourlyRateCents: 300, capacity: 40 });
  }, 150_000);

  afterAll(async () => {
    killWorkers();
    await Promise.allSettled(servers.map((s) => s.stop()));
    await smtp?.close();
    await db?.close();
    await database?.drop();
    await dropPrefix(prefix);
  }, 60_000);

  it("bookings made through either server are confirmed by mail once each, by the workers", async () => {
    const ids = await Promise.all(Array.from({ length: 12 }, (_, i) => book(servers[i % 2]!)));
    await until(
      async () => ids.filter((id) => timesReceived(id) > 0).length,
      (n) => n === ids.length,
      20_000,
      "confirmations received",
    );
    // A second after the last, still once each: no worker sent one again.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(ids.map(timesReceived)).toEqual(ids.map(() => 1));
    const rows = await sql<{ status: string; attempts: number }>(`SELECT status, attempts FROM outbox WHERE id = ANY($1::uuid[])`, [ids]);
    expect(rows.every((r) => r.status === "sent" && r.attempts === 1)).toBe(true);
    // The servers send no mail: every delivery happened in a worker process, fed by BullMQ.
    expect(servers.every((s) => s.output().includes("queue engine started") && !s.output().includes("mail delivery started"))).toBe(true);
    expect(workers.every((w) => w.lines().some((l) => l.msg === "mail delivery started" && l.engine === "bullmq"))).toBe(true);
  }, 60_000);

  it("an export asked for through a server runs once, in a worker, and its mail arrives once", async () => {
    const { jobId } = await admin.admin.jobs.run.mutate({ job: "exportAll" });
    const [run] = await until(
      () => sql<{ status: string; owner: string | null }>(`SELECT status, owner FROM job_runs WHERE id = $1`, [jobId]),
      (rows) => rows[0]?.status === "succeeded",
      20_000,
      "the export run",
    );
    const workerPids = workers.map((w) => String(w.child.pid));
    expect(workerPids).toContain(run!.owner!.split(":")[1]);
    const [mail] = await until(
      () => sql<{ id: string; status: string }>(`SELECT id::text, status FROM outbox WHERE kind = 'export.all'`),
      (rows) => rows[0]?.status === "sent",
      20_000,
      "the export's mail",
    );
    expect(timesReceived(mail!.id)).toBe(1);
    expect(smtp.received.find((m) => m.messageId === messageIdOf(mail!.id))!.parsed.attachments.map((a) => a.filename)).toEqual([
      expect.stringMatching(/users/),
      expect.stringMatching(/lots/),
      expect.stringMatching(/reservations/),
      expect.stringMatching(/sessions/),
    ]);
  }, 60_000);

  it("a worker killed while a message is on the wire loses nothing: a new worker sends it, once, with the same Message-ID", async () => {
    const stallEmail = `${unique("stall")}@example.com`;
    let stalledAt = 0;
    smtp.stall = (_messageId, offeredBefore, to) => {
      if (offeredBefore > 0 || !to.includes(stallEmail)) return false;
      stalledAt = Date.now();
      return true;
    };
    // Workers that give a message up 3 s after taking it, so that the test need not wait the default 2 minutes.
    // (Only these: on a busy machine a send can outlast so short a lease, and then go out twice, which at-least-once
    // allows but the test above, with the default lease, rules out.)
    await Promise.all(workers.map(async (w) => (w.child.kill("SIGTERM"), await w.exited)));
    const shortLease = { MAIL_LEASE_SECONDS: "3" };
    workers = startWorkers(1, shortLease);
    await workers[0]!.logged("queue engine started (BullMQ)", 60_000);
    const id = await book(servers[0]!, stallEmail);
    await until(
      async () => stalledAt,
      (at) => at > 0,
      20_000,
      "the message reaching the SMTP server",
    );
    // The worker holding it is killed mid-conversation.
    for (const worker of workers) worker.child.kill("SIGKILL");
    await Promise.all(workers.map((w) => w.exited));
    workers = startWorkers(1, shortLease);
    const [row] = await until(
      () => sql<{ status: string; attempts: number }>(`SELECT status, attempts FROM outbox WHERE id = $1`, [id]),
      (rows) => rows[0]?.status === "sent",
      30_000,
      "the message after the restart",
    );
    expect(row!.attempts).toBe(2);
    expect(smtp.offered.filter((m) => m === messageIdOf(id))).toHaveLength(2);
    expect(timesReceived(id)).toBe(1);
    expect(smtp.received.find((m) => m.messageId === messageIdOf(id))!.to).toEqual([stallEmail]);
    console.info(`resent ${Date.now() - stalledAt} ms after the first attempt stalled (lease 3 s)`);
  }, 90_000);
});
