// The scheduler with a clock the test moves: each due time of each schedule
// runs once, however many schedulers look at the same time; a downtime that
// spanned due times runs each schedule once; runs left by a dead process,
// failed or handed back are taken over, and a run lost to another process
// leaves nothing behind.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobDefinitions, type JobDefinition } from "../../src/domains/jobs/definitions.ts";
import { createScheduler, type Scheduler } from "../../src/domains/jobs/scheduler.ts";
import { createTestApi, databases, type TestApi } from "../harness.ts";

const silent = { info() {}, warn() {}, error() {} };
const hour = 3_600_000;
const timezone = "Europe/Paris";

function movableClock(start: string) {
  let now = new Date(start);
  return {
    now: () => now,
    set: (at: string | Date) => void (now = new Date(at)),
    advance: (ms: number) => void (now = new Date(now.getTime() + ms)),
  };
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

describe.each(databases)("scheduled jobs (%s)", (kind) => {
  const clock = movableClock("2026-03-28T12:00:00Z");
  let api: TestApi;
  let adminId: string;
  let schedulers: Scheduler[];

  const runs = (job: string) => api.db.prisma.jobRun.findMany({ where: { job }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  const insertRun = async (sql: string, params: unknown[]) => (await api.db.sql.query<{ id: string }>(sql, params))[0]!;
  const messages = (kind: string) => api.db.prisma.outboxMessage.findMany({ where: { kind }, orderBy: { createdAt: "asc" } });

  beforeAll(async () => {
    api = await createTestApi(kind, { clock });
    adminId = (await api.signUp("admin")).id;
    // A second admin, disabled, and an attendant: neither gets reports.
    const retired = await api.signUp("admin");
    await api.db.prisma.user.update({ where: { id: retired.id }, data: { disabled: true } });
    await api.signUp("attendant");
    // A driver who has done nothing since January.
    const idle = await api.signUp();
    await api.db.prisma.user.update({ where: { id: idle.id }, data: { createdAt: new Date("2026-01-05T10:00:00Z") } });
    schedulers = ["first", "second"].map((owner) => createScheduler({ services: api.deps, log: silent, timezone, owner }));
  });

  afterAll(async () => {
    await api?.close();
  });

  it("a new database owes nothing from before its schedules were first seen", async () => {
    await Promise.all(schedulers.map((s) => s.tick()));
    const all = await api.db.prisma.jobRun.findMany();
    // Only the half-minute upkeep is due at the very instant the schedules were first seen.
    expect(all.map((r) => [r.job, iso(r.dueAt)])).toEqual([["bookingUpkeep", "2026-03-28T12:00:00.000Z"]]);
  });

  it("moving the clock hour by hour across several due times (a daylight-saving change among them) runs each one once", async () => {
    for (let step = 1; clock.now() < new Date("2026-04-01T08:00:00Z"); step++) {
      clock.advance(hour);
      // Whoever asks first gets the embedded database first: take turns.
      await Promise.all((step % 2 ? schedulers : [...schedulers].reverse()).map((s) => s.tick()));
    }
    const dues = async (job: string) => (await runs(job)).map((r) => iso(r.dueAt));
    // 18:00 and 08:00 in Paris: UTC+1 until the 29th at 02:00, UTC+2 after.
    expect(await dues("dailyReminders")).toEqual([
      "2026-03-28T17:00:00.000Z",
      "2026-03-29T16:00:00.000Z",
      "2026-03-30T16:00:00.000Z",
      "2026-03-31T16:00:00.000Z",
    ]);
    expect(await dues("dailyAdminReport")).toEqual([
      "2026-03-29T06:00:00.000Z",
      "2026-03-30T06:00:00.000Z",
      "2026-03-31T06:00:00.000Z",
      "2026-04-01T06:00:00.000Z",
    ]);
    expect(await dues("monthlyReport")).toEqual(["2026-03-31T22:00:00.000Z"]);
    // The upkeep runs at the latest half minute of each look: once per hour here, never per missed half minute;
    // and its runs are forgotten after a day.
    expect((await runs("bookingUpkeep")).map((r) => iso(r.dueAt))).toEqual(
      Array.from({ length: 25 }, (_, i) => new Date(Date.parse("2026-03-31T08:00:00Z") + i * hour).toISOString()),
    );

    const all = await api.db.prisma.jobRun.findMany();
    expect(all.every((r) => r.status === "succeeded" && r.attempts === 1 && r.finishedAt && r.leaseUntil === null)).toBe(true);
    // Both schedulers took part, and neither ran what the other had.
    expect(new Set(all.map((r) => r.owner))).toEqual(new Set(["first", "second"]));

    // What the runs enqueued, each exactly once: a report of each day before a morning, to the one active admin.
    const daily = await messages("report.daily");
    expect(daily.map((m) => [m.userId, m.payload])).toEqual(
      ["2026-03-28", "2026-03-29", "2026-03-30", "2026-03-31"].map((day) => [adminId, { from: day, to: day }]),
    );
    expect((await messages("report.monthly")).map((m) => [m.userId, m.payload])).toEqual([[adminId, { from: "2026-03-01", to: "2026-03-31" }]]);
    // The idle driver is reminded at the first evening, and not again within seven days.
    expect(await messages("reminder.inactive")).toHaveLength(1);
  });

  it("after a downtime that spanned several due times, each schedule runs once, for the latest", async () => {
    const before = await api.db.prisma.jobRun.count({ where: { job: { not: "bookingUpkeep" } } });
    clock.set("2026-04-05T18:00:00Z");
    const returning = createScheduler({ services: api.deps, log: silent, timezone, owner: "returning" });
    await returning.tick();
    await returning.tick();
    const fresh = await api.db.prisma.jobRun.findMany({ where: { owner: "returning" }, orderBy: { job: "asc" } });
    expect(fresh.map((r) => [r.job, iso(r.dueAt)])).toEqual([
      ["bookingUpkeep", "2026-04-05T18:00:00.000Z"],
      ["dailyAdminReport", "2026-04-05T06:00:00.000Z"],
      ["dailyReminders", "2026-04-05T16:00:00.000Z"],
    ]);
    expect(await api.db.prisma.jobRun.count({ where: { job: { not: "bookingUpkeep" } } })).toBe(before + 2);
    expect((await messages("report.daily")).at(-1)?.payload).toEqual({ from: "2026-04-04", to: "2026-04-04" });
    // Eight days after the first reminder, the still idle driver hears again.
    expect(await messages("reminder.inactive")).toHaveLength(2);
  });

  it("takes over a run whose process stopped renewing its lease, and leaves one whose lease holds", async () => {
    const [abandoned] = await api.db.sql.query<{ id: string }>(
      `INSERT INTO job_runs (job, requested_by, status, attempts, owner, lease_until, created_at, started_at)
       VALUES ('exportAll', $1, 'running', 1, 'gone:1', now() - interval '1 second', $2, $2) RETURNING id`,
      [adminId, clock.now()],
    );
    const [held] = await api.db.sql.query<{ id: string }>(
      `INSERT INTO job_runs (job, requested_by, status, attempts, owner, lease_until, created_at, started_at)
       VALUES ('exportAll', $1, 'running', 1, 'alive:1', now() + interval '1 hour', $2, $2) RETURNING id`,
      [adminId, clock.now()],
    );
    await schedulers[0]!.tick();
    const taken = await api.db.prisma.jobRun.findUniqueOrThrow({ where: { id: abandoned!.id } });
    expect(taken).toMatchObject({ status: "succeeded", attempts: 2, owner: "first", lastError: "gone:1 stopped before finishing" });
    expect(await api.db.prisma.jobRun.findUniqueOrThrow({ where: { id: held!.id } })).toMatchObject({ status: "running", owner: "alive:1", attempts: 1 });
    expect((await messages("export.all")).map((m) => m.userId)).toEqual([adminId]);
    await api.db.prisma.jobRun.update({ where: { id: held!.id }, data: { status: "failed" } });
  });

  it("retries a failing run from any process, then marks it failed with its last error", async () => {
    let calls = 0;
    const failing: JobDefinition = {
      ...jobDefinitions.exportAll,
      run: async () => {
        calls++;
        throw new Error(`mail store offline (${calls})`);
      },
    };
    const flaky = ["a", "b"].map((owner) => createScheduler({ services: api.deps, log: silent, timezone, owner, jobs: [failing], retryDelayMs: 0 }));
    const { id } = await insertRun(`INSERT INTO job_runs (job, requested_by, created_at, lease_until) VALUES ('exportAll', $1, $2, now()) RETURNING id`, [
      adminId,
      clock.now(),
    ]);
    await flaky[0]!.tick();
    expect(await api.db.prisma.jobRun.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "running", attempts: 1, owner: null });
    await flaky[1]!.tick();
    await flaky[0]!.tick();
    await flaky[1]!.tick();
    expect(calls).toBe(3);
    const failed = await api.db.prisma.jobRun.findUniqueOrThrow({ where: { id } });
    expect(failed).toMatchObject({ status: "failed", attempts: 3, lastError: "mail store offline (3)", owner: null, leaseUntil: null });
    expect(failed.finishedAt).not.toBeNull();
  });

  it("hands back a run it cannot finish when stopping, and another process completes it", async () => {
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const endless: JobDefinition = {
      ...jobDefinitions.exportAll,
      run: (_tx, { signal }) => {
        started();
        return new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason as Error)));
      },
    };
    const stopping = createScheduler({ services: api.deps, log: silent, timezone, owner: "stopping", jobs: [endless] });
    const before = (await messages("export.all")).length;
    const { id } = await insertRun(`INSERT INTO job_runs (job, requested_by, created_at, lease_until) VALUES ('exportAll', $1, $2, now()) RETURNING id`, [
      adminId,
      clock.now(),
    ]);
    const ticked = stopping.tick();
    await running;
    await stopping.stop(50);
    await ticked;
    expect(await api.db.prisma.jobRun.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "running",
      owner: null,
      lastError: "stopping stopped and handed it back",
    });
    await schedulers[1]!.tick();
    expect(await api.db.prisma.jobRun.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "succeeded", attempts: 2, owner: "second" });
    expect(await messages("export.all")).toHaveLength(before + 1);
  });
});

describe.runIf(databases.includes("postgres"))("a run lost to another process (postgres)", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi("postgres");
  });
  afterAll(async () => {
    await api?.close();
  });

  it("commits nothing of its work when its lease was taken over before it finished", async () => {
    const admin = await api.signUp("admin");
    const stolen: JobDefinition = {
      ...jobDefinitions.exportAll,
      run: async (tx, context) => {
        await jobDefinitions.exportAll.run(tx, context);
        // Another process takes the run over meanwhile, on a connection of its own.
        await api.db.sql.query(`UPDATE job_runs SET owner = 'thief', attempts = attempts + 1 WHERE status = 'running'`);
      },
    };
    const scheduler = createScheduler({ services: api.deps, log: silent, timezone, owner: "slow", jobs: [stolen] });
    await api.db.sql.query(`INSERT INTO job_runs (job, requested_by, lease_until) VALUES ('exportAll', $1, now())`, [admin.id]);
    await scheduler.tick();
    expect(await api.db.prisma.outboxMessage.count({ where: { kind: "export.all" } })).toBe(0);
    expect(await api.db.prisma.jobRun.findFirstOrThrow()).toMatchObject({ status: "running", owner: "thief" });
  });
});
