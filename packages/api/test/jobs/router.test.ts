// admin.jobs.run and admin.jobs.list through the router: a run asked for is
// recorded and audited at once, waits for a process that runs jobs, and is
// then run there in the background; only admins may ask or look.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScheduler } from "../../src/domains/jobs/scheduler.ts";
import { createTestApi, databases, type Caller, type TestApi } from "../harness.ts";

const silent = { info() {}, warn() {}, error() {} };

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.each(databases)("admin.jobs (%s)", (kind) => {
  let api: TestApi;
  let admin: { id: string; caller: Caller };
  let driver: Caller;

  beforeAll(async () => {
    api = await createTestApi(kind);
    admin = await api.signUp("admin");
    driver = (await api.signUp()).caller;
  });
  afterAll(async () => {
    await api?.close();
  });

  it("records and audits a requested run, which waits for a process that runs jobs", async () => {
    const { jobId } = await admin.caller.admin.jobs.run({ job: "exportAll" });
    const { items } = await admin.caller.admin.jobs.list();
    expect(items[0]).toMatchObject({ id: jobId, job: "exportAll", dueAt: null, status: "running", attempts: 0, startedAt: null, finishedAt: null });
    expect(items[0]!.requestedBy).toMatchObject({ id: admin.id });
    const audit = await api.db.prisma.auditLog.findMany({ where: { targetId: jobId } });
    expect(audit.map((a) => [a.action, a.actorId, a.details])).toEqual([["job.run", admin.id, { after: { job: "exportAll" } }]]);
    // No scheduler in this instance: nothing ran.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await api.db.prisma.outboxMessage.count({ where: { kind: "export.all" } })).toBe(0);
  });

  it("runs it in the background as soon as a scheduler in the process hears of it, and lists its outcome", async () => {
    // A long tick, so that only the request's wake-up can explain a prompt run.
    const scheduler = createScheduler({ services: api.deps, log: silent, timezone: "UTC", tickMs: 60_000 });
    scheduler.start();
    try {
      // The run asked for before is picked up by the first look.
      await eventually(
        () => api.db.prisma.jobRun.count({ where: { job: "exportAll", status: "succeeded" } }),
        (n) => n === 1,
      );
      const { jobId } = await admin.caller.admin.jobs.run({ job: "dailyAdminReport" });
      const done = await eventually(
        async () => (await admin.caller.admin.jobs.list({ job: "dailyAdminReport" })).items,
        (items) => items[0]?.status === "succeeded",
        2_000,
      );
      expect(done).toHaveLength(1);
      expect(done[0]).toMatchObject({ id: jobId, status: "succeeded", attempts: 1, lastError: null });
      expect(done[0]!.finishedAt!.getTime()).toBeGreaterThanOrEqual(done[0]!.startedAt!.getTime());
    } finally {
      await scheduler.stop();
    }
    // The export goes to the admin who asked, and only to them.
    const exports = await api.db.prisma.outboxMessage.findMany({ where: { kind: "export.all" } });
    expect(exports.map((m) => [m.userId, m.payload])).toEqual([[admin.id, {}]]);
    expect(await api.db.prisma.outboxMessage.count({ where: { kind: "report.daily" } })).toBe(1);
  });

  it("pages through runs newest first, and filters by job", async () => {
    // Only runs asked for: the scheduler above records a booking upkeep when one of its due times passes while it runs.
    await api.db.prisma.jobRun.deleteMany({ where: { dueAt: { not: null } } });
    for (let i = 0; i < 3; i++) await admin.caller.admin.jobs.run({ job: "monthlyReport" });
    const first = await admin.caller.admin.jobs.list({ limit: 2 });
    const second = await admin.caller.admin.jobs.list({ limit: 2, cursor: first.nextCursor! });
    const third = await admin.caller.admin.jobs.list({ limit: 2, cursor: second.nextCursor! });
    const all = [...first.items, ...second.items, ...third.items];
    expect(all.map((r) => r.job)).toEqual(["monthlyReport", "monthlyReport", "monthlyReport", "dailyAdminReport", "exportAll"]);
    expect(third.nextCursor).toBeNull();
    expect((await admin.caller.admin.jobs.list({ job: "exportAll" })).items).toHaveLength(1);
  });

  it("refuses non-admins, jobs that cannot be run by hand, and unknown ones", async () => {
    await expect(driver.admin.jobs.run({ job: "exportAll" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(driver.admin.jobs.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
    // @ts-expect-error the upkeep runs on its schedule only
    await expect(admin.caller.admin.jobs.run({ job: "bookingUpkeep" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    // @ts-expect-error no such job
    await expect(admin.caller.admin.jobs.list({ job: "sendSpam" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await api.db.prisma.jobRun.count({ where: { job: "bookingUpkeep", dueAt: null } })).toBe(0);
  });
});
