// Jobs across real worker processes on one PostgreSQL database: with three
// workers whose clocks move across several due times, each due time runs
// once, in one process; a worker killed mid-run loses its run to another,
// which does it once; and dist/worker.js on SIGTERM finishes the run in hand
// before it exits.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { hashPassword } from "@park/db";
import { openTestDatabase, postgresAvailable, type TestDatabase } from "@park/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { killWorkers, spawnWorker, until } from "./processes.ts";

const serverDir = fileURLToPath(new URL("..", import.meta.url));
const workerJs = join(serverDir, "dist", "worker.js");
const clockedWorkerJs = join(serverDir, "dist-test", "clocked-worker.js");
const usePostgres = await postgresAvailable();

beforeAll(() => {
  if (existsSync(workerJs)) return;
  const built = spawnSync(process.execPath, ["build.mjs"], { cwd: serverDir, encoding: "utf8" });
  if (built.status !== 0) throw new Error(`building the server failed:\n${built.stderr}`);
}, 120_000);

it("dist/worker.js without DATABASE_URL refuses to start, in one line", async () => {
  const worker = spawnWorker(workerJs, {});
  expect(await worker.exited).toBe(1);
  expect(worker.output().trim()).toMatch(/^park worker: a worker shares its database with the servers: set DATABASE_URL/);
});

describe.runIf(usePostgres)("jobs in worker processes (postgres)", () => {
  let db: TestDatabase;
  let adminId: string;

  const insertRun = async (sql: string, params: unknown[]) => (await db.sql.query<{ id: string }>(sql, params))[0]!;
  /** Holds a lock that keeps anyone from writing messages, on a connection of its own, until released. */
  const lockOutbox = async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const holding = new Promise<void>((resolve) => (locked = resolve));
    const transaction = db.sql.transaction(async (tx) => {
      await tx.exec("LOCK TABLE outbox IN EXCLUSIVE MODE");
      locked();
      await released;
    });
    await holding;
    return { release: () => (release(), transaction) };
  };

  const makeUser = async (name: string, role: "user" | "admin", createdAt = new Date("2026-01-01T00:00:00Z")) =>
    (await db.prisma.user.create({ data: { username: name, email: `${name}@example.com`, role, passwordHash: await hashPassword("password123"), createdAt } }))
      .id;

  beforeAll(async () => {
    const pkg = (await import("../package.json", { with: { type: "json" } })).default as { dependencies: Record<string, string> };
    await build({
      entryPoints: [join(serverDir, "test", "clocked-worker.ts")],
      outfile: clockedWorkerJs,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      external: Object.keys(pkg.dependencies),
      banner: { js: "import { createRequire as __parkRequire } from 'node:module'; const require = __parkRequire(import.meta.url);" },
      logLevel: "warning",
    });
    db = await openTestDatabase("postgres");
    adminId = await makeUser("boss", "admin");
    const retired = await makeUser("retired", "admin");
    await db.prisma.user.update({ where: { id: retired }, data: { disabled: true } });
  }, 60_000);

  afterAll(async () => {
    killWorkers();
    await db?.drop();
  });

  it("three workers whose clocks cross several due times run each one once, in one of them", async () => {
    const idle = await makeUser("idle", "user");
    const parker = await makeUser("parker", "user");
    const lot = await db.prisma.lot.create({ data: { name: "Cron", address: "x", city: "y", hourlyRateCents: 100 } });
    const level = await db.prisma.level.create({ data: { lotId: lot.id, name: "L", position: 0 } });
    const row = await db.prisma.row.create({ data: { lotId: lot.id, levelId: level.id, name: "A", position: 0 } });
    const spot = await db.prisma.spot.create({ data: { lotId: lot.id, levelId: level.id, rowId: row.id, label: "1", position: 0 } });
    await db.prisma.parkingSession.create({
      data: {
        userId: parker,
        lotId: lot.id,
        spotId: spot.id,
        plate: "NOV1",
        status: "completed",
        startedAt: new Date("2026-11-10T08:00:00Z"),
        endedAt: new Date("2026-11-10T09:00:00Z"),
      },
    });

    // From 16:58 on 30 November to 09:30 on 2 December in Paris, in about five seconds.
    const startAt = "2026-11-30T15:58:00Z";
    const endAt = Date.parse("2026-12-02T08:30:00Z");
    const speed = 30_000;
    const epochFile = join(await mkdtemp(join(tmpdir(), "park-jobs-")), "epoch");
    const workers = ["a", "b", "c"].map(() =>
      spawnWorker(clockedWorkerJs, {
        DATABASE_URL: db.url!,
        SCHEDULE_TIMEZONE: "Europe/Paris",
        PARK_TEST_CLOCK: JSON.stringify({ startAt, epoch: epochFile, speed, tickMs: 25, leaseMs: 5_000 }),
      }),
    );
    const spawned = Date.now();
    await Promise.all(workers.map((w) => w.logged("worker ready")));
    const readyAfter = Date.now() - spawned;
    // Their clocks stand still until now, then move together.
    const epoch = Date.now();
    await writeFile(epochFile, String(epoch));
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, epoch + (endAt - Date.parse(startAt)) / speed - Date.now())));
    await Promise.all(workers.map(async (w) => (w.child.kill("SIGTERM"), expect(await w.exited).toBe(0))));

    const runs = await db.prisma.jobRun.findMany({ where: { job: { not: "bookingUpkeep" } }, orderBy: [{ job: "asc" }, { dueAt: "asc" }] });
    expect(runs.map((r) => [r.job, r.dueAt?.toISOString(), r.status, r.attempts])).toEqual([
      ["dailyAdminReport", "2026-12-01T07:00:00.000Z", "succeeded", 1],
      ["dailyAdminReport", "2026-12-02T07:00:00.000Z", "succeeded", 1],
      ["dailyReminders", "2026-11-30T17:00:00.000Z", "succeeded", 1],
      ["dailyReminders", "2026-12-01T17:00:00.000Z", "succeeded", 1],
      ["monthlyReport", "2026-11-30T23:00:00.000Z", "succeeded", 1],
    ]);
    // Each process says what it ran: no due time was run by two of them.
    const ran = workers.flatMap((w, i) =>
      w
        .lines()
        .filter((l) => l.msg === "job run succeeded")
        .map((l) => ({ worker: i, job: l.job, dueAt: l.dueAt })),
    );
    const keys = ran.map((r) => `${String(r.job)}@${String(r.dueAt)}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(ran.filter((r) => r.job !== "bookingUpkeep")).toHaveLength(5);
    const upkeep = ran.filter((r) => r.job === "bookingUpkeep");
    const byWorker = [0, 1, 2].map((i) => ran.filter((r) => r.worker === i).length);
    console.info(`workers ready ${readyAfter} ms after they were started; runs per worker ${byWorker.join("/")}; ${upkeep.length} upkeep runs`);
    expect(byWorker.filter((n) => n > 0).length).toBeGreaterThanOrEqual(2);
    expect(upkeep.length).toBeGreaterThan(20);

    const sent = await db.prisma.outboxMessage.findMany({ orderBy: [{ kind: "asc" }, { createdAt: "asc" }, { userId: "asc" }] });
    expect(sent.map((m) => [m.kind, m.userId, m.payload])).toEqual([
      ...[idle, parker].sort().map((userId) => ["reminder.inactive", userId, { inactiveDays: 7 }]),
      ["report.daily", adminId, { from: "2026-11-30", to: "2026-11-30" }],
      ["report.daily", adminId, { from: "2026-12-01", to: "2026-12-01" }],
      ["report.monthly", adminId, { from: "2026-11-01", to: "2026-11-30" }],
      ["report.personal", parker, { from: "2026-11-01", to: "2026-11-30", timezone: "Europe/Paris" }],
    ]);
    await db.prisma.outboxMessage.deleteMany();
  });

  it("a worker killed mid-run loses its run to another, which does it once", async () => {
    const clock = JSON.stringify({ startAt: new Date().toISOString(), epoch: Date.now(), speed: 1, tickMs: 100, leaseMs: 1_500 });
    const workers = [0, 1].map(() => spawnWorker(clockedWorkerJs, { DATABASE_URL: db.url!, PARK_TEST_CLOCK: clock }));
    const owners = await Promise.all(workers.map(async (w) => (await w.logged("worker ready")).owner as string));
    // Messages cannot be written until the test lets go, so the run stops half way in whichever worker takes it.
    const blocker = await lockOutbox();
    const { id } = await insertRun(`INSERT INTO job_runs (job, requested_by, lease_until) VALUES ('exportAll', $1, now()) RETURNING id`, [adminId]);
    const taken = await until(
      () => db.prisma.jobRun.findUniqueOrThrow({ where: { id } }),
      (r) => r.owner !== null,
      10_000,
      "run taken",
    );
    const victim = owners.indexOf(taken.owner!);
    workers[victim]!.child.kill("SIGKILL");
    await workers[victim]!.exited;
    await blocker.release();
    const done = await until(
      () => db.prisma.jobRun.findUniqueOrThrow({ where: { id } }),
      (r) => r.status === "succeeded",
      10_000,
      "run done",
    );
    expect(done).toMatchObject({ attempts: 2, owner: owners[1 - victim], lastError: `${owners[victim]} stopped before finishing` });
    expect(await db.prisma.outboxMessage.findMany({ where: { kind: "export.all" }, select: { userId: true } })).toEqual([{ userId: adminId }]);
    const survivor = workers[1 - victim]!;
    survivor.child.kill("SIGTERM");
    expect(await survivor.exited).toBe(0);
    await db.prisma.outboxMessage.deleteMany();
  });

  it("dist/worker.js on SIGTERM finishes the run in hand, then exits", async () => {
    const worker = spawnWorker(workerJs, { DATABASE_URL: db.url! });
    await worker.logged("park worker is running jobs");
    const blocker = await lockOutbox();
    const { id } = await insertRun(`INSERT INTO job_runs (job, requested_by, lease_until) VALUES ('exportAll', $1, now()) RETURNING id`, [adminId]);
    try {
      await until(
        () => db.prisma.jobRun.findUniqueOrThrow({ where: { id } }),
        (r) => r.owner !== null,
        10_000,
        "run taken",
      );
      worker.child.kill("SIGTERM");
      // The export at least; a scheduled run that also writes mail may be held up by the lock beside it.
      expect((await worker.logged("worker stopping")).inHand).toBeGreaterThanOrEqual(1);
      // Still at work on the run: it does not exit while the run cannot finish.
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(worker.child.exitCode).toBeNull();
    } finally {
      await blocker.release();
    }
    expect(await worker.exited).toBe(0);
    expect(await db.prisma.jobRun.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "succeeded", attempts: 1 });
    expect(await db.prisma.outboxMessage.count({ where: { kind: "export.all" } })).toBe(1);
  });
});
