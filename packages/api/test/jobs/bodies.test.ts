// What each job picks, on real rows: drivers idle for a week (and not reminded
// in it), the active admins, the users active in the month; and the upkeep
// that expires reservations never checked into once they have ended.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobDefinitions, type JobDefinition } from "../../src/domains/jobs/definitions.ts";
import { createScheduler } from "../../src/domains/jobs/scheduler.ts";
import { createReservation } from "../../src/domains/reservations/service.ts";
import { createTestApi, databases, type TestApi } from "../harness.ts";

const silent = { info() {}, warn() {}, error() {} };
const timezone = "Europe/Paris";
const day = 86_400_000;
const t = (iso: string) => new Date(iso);

describe.each(databases)("job bodies and booking upkeep (%s)", (kind) => {
  // The bodies below are given their time; the upkeep reads this clock.
  const clock = { at: new Date(Math.ceil(Date.now() / 60_000) * 60_000), now: () => clock.at };
  let api: TestApi;
  let lotId: string;
  let spots: string[];
  const users: Record<string, string> = {};
  let nextSpot = 0;

  async function user(name: string, options: { role?: "user" | "admin" | "attendant"; createdAt?: string; disabled?: boolean } = {}) {
    const { id } = await api.signUp(options.role ?? "user");
    await api.db.prisma.user.update({ where: { id }, data: { createdAt: t(options.createdAt ?? "2026-01-01T00:00:00Z") } });
    users[name] = id;
    return id;
  }
  async function vehicleOf(userId: string) {
    return api.db.prisma.vehicle.create({ data: { userId, plate: `J${Object.keys(users).length}${nextSpot}X${kind.length}` } });
  }
  async function reservation(userId: string, r: { createdAt: string; startsAt: string; endsAt: string; status?: "confirmed" | "cancelled" }) {
    const vehicle = await vehicleOf(userId);
    await api.db.prisma.reservation.create({
      data: {
        userId,
        lotId,
        spotId: spots[nextSpot++]!,
        vehicleId: vehicle.id,
        startsAt: t(r.startsAt),
        endsAt: t(r.endsAt),
        createdAt: t(r.createdAt),
        status: r.status ?? "confirmed",
        amountCents: 100,
      },
    });
  }
  async function session(userId: string, s: { startedAt: string; endedAt: string | null }) {
    const vehicle = await vehicleOf(userId);
    await api.db.prisma.parkingSession.create({
      data: {
        userId,
        lotId,
        spotId: spots[nextSpot++]!,
        vehicleId: vehicle.id,
        plate: vehicle.plate,
        startedAt: t(s.startedAt),
        endedAt: s.endedAt ? t(s.endedAt) : null,
        status: s.endedAt ? "completed" : "active",
      },
    });
  }
  async function run(job: JobDefinition, at: Date) {
    await api.db.prisma.$transaction((tx) =>
      job.run(tx, { services: api.deps, log: silent, at, timezone, requestedBy: null, signal: new AbortController().signal }),
    );
  }
  const recipients = async (kind: string) =>
    (await api.db.prisma.outboxMessage.findMany({ where: { kind }, select: { userId: true } })).map((m) => m.userId).sort();
  const ids = (...names: string[]) => names.map((n) => users[n]).sort();

  beforeAll(async () => {
    api = await createTestApi(kind, { clock });
    const admin = await api.signUp("admin");
    users.admin = admin.id;
    lotId = (await admin.caller.lots.create({ name: "Jobs", address: "1 Cron Ct", city: "Jobton", hourlyRateCents: 100, capacity: 20 })).id;
    spots = (await api.db.prisma.spot.findMany({ where: { lotId }, orderBy: { label: "asc" } })).map((s) => s.id);

    // The evening of 20 May 2026 in Paris; a week back is the 13th, 18:00.
    await user("idle");
    await reservation(await user("bookedInWeek"), {
      createdAt: "2026-05-15T09:00:00Z",
      startsAt: "2026-06-10T09:00:00Z",
      endsAt: "2026-06-10T10:00:00Z",
      status: "cancelled",
    });
    await reservation(await user("heldBooking"), { createdAt: "2026-04-01T09:00:00Z", startsAt: "2026-05-14T09:00:00Z", endsAt: "2026-05-14T10:00:00Z" });
    await reservation(await user("cancelledInWeek"), {
      createdAt: "2026-04-01T09:00:00Z",
      startsAt: "2026-05-14T09:00:00Z",
      endsAt: "2026-05-14T10:00:00Z",
      status: "cancelled",
    });
    await session(await user("parkedEarlier"), { startedAt: "2026-05-01T08:00:00Z", endedAt: "2026-05-02T08:00:00Z" });
    await session(await user("parkedSinceApril"), { startedAt: "2026-04-01T08:00:00Z", endedAt: null });
    await session(await user("leftInWeek"), { startedAt: "2026-05-10T08:00:00Z", endedAt: "2026-05-15T08:00:00Z" });
    await user("disabledIdle");
    await api.db.prisma.user.update({ where: { id: users.disabledIdle! }, data: { disabled: true } });
    await user("newcomer", { createdAt: "2026-05-18T00:00:00Z" });
    await user("idleAttendant", { role: "attendant" });
    await user("remindedInWeek");
    await user("remindedBefore");
    await api.db.prisma.inactivityReminder.createMany({
      data: [
        { userId: users.remindedInWeek!, remindedAt: t("2026-05-15T16:00:00Z") },
        { userId: users.remindedBefore!, remindedAt: t("2026-05-13T16:00:00Z") },
      ],
    });
    // Parked only on the evening of 30 April, Paris time, which is still April there.
    await session(await user("parkedLastOfApril"), { startedAt: "2026-04-30T21:00:00Z", endedAt: "2026-04-30T21:30:00Z" });
    const retired = await user("retiredAdmin", { role: "admin" });
    await api.db.prisma.user.update({ where: { id: retired }, data: { disabled: true } });
  });

  afterAll(async () => {
    await api?.close();
  });

  it("reminds drivers idle for seven days who were not reminded in them, once", async () => {
    const evening = t("2026-05-20T16:00:00Z");
    await run(jobDefinitions.dailyReminders, evening);
    expect(await recipients("reminder.inactive")).toEqual(ids("idle", "cancelledInWeek", "parkedEarlier", "remindedBefore", "parkedLastOfApril"));
    const reminded = await api.db.prisma.inactivityReminder.findUniqueOrThrow({ where: { userId: users.idle! } });
    expect(reminded.remindedAt).toEqual(evening);
    // Run again the same evening (an admin's run, say), nobody hears twice.
    await run(jobDefinitions.dailyReminders, new Date(evening.getTime() + 60_000));
    expect(await recipients("reminder.inactive")).toHaveLength(5);
    // Seven days on, the still idle hear again (with those who have been idle since).
    await run(jobDefinitions.dailyReminders, new Date(evening.getTime() + 7 * day));
    const again = (await recipients("reminder.inactive")).filter((id) => id === users.idle);
    expect(again).toHaveLength(2);
    const message = await api.db.prisma.outboxMessage.findFirstOrThrow({ where: { kind: "reminder.inactive", userId: users.idle! } });
    expect(message.payload).toEqual({ inactiveDays: 7 });
    expect(message.recipient).toMatch(/@example\.com$/);
  });

  it("sends the monthly report to active admins and a personal one to each user active in the month", async () => {
    // Midnight of 1 June in Paris.
    await run(jobDefinitions.monthlyReport, t("2026-05-31T22:00:00Z"));
    expect(await recipients("report.monthly")).toEqual(ids("admin"));
    expect(await recipients("report.personal")).toEqual(ids("bookedInWeek", "heldBooking", "parkedEarlier", "parkedSinceApril", "leftInWeek"));
    const monthly = await api.db.prisma.outboxMessage.findMany({ where: { kind: "report.monthly" } });
    expect(monthly.map((m) => m.payload)).toEqual([{ from: "2026-05-01", to: "2026-05-31" }]);
    // A driver's month is read in the schedule's timezone, which their mail names.
    const personal = await api.db.prisma.outboxMessage.findMany({ where: { kind: "report.personal" } });
    expect(personal.map((m) => m.payload)).toEqual(personal.map(() => ({ from: "2026-05-01", to: "2026-05-31", timezone })));
  });

  it("sends yesterday's report to each active admin", async () => {
    await run(jobDefinitions.dailyAdminReport, t("2026-06-01T06:00:00Z"));
    const daily = await api.db.prisma.outboxMessage.findMany({ where: { kind: "report.daily" } });
    expect(daily.map((m) => [m.userId, m.payload])).toEqual([[users.admin, { from: "2026-05-31", to: "2026-05-31" }]]);
  });

  it("expires a reservation never checked into once its end has passed, and not before", async () => {
    const admin = await api.signUp("admin");
    const driver = await api.signUp();
    const lotId = (await admin.caller.lots.create({ name: "Upkeep", address: "2 Sweep St", city: "Sweepham", hourlyRateCents: 100, capacity: 2 })).id;
    const short = await driver.caller.vehicles.create({ plate: `UP${kind.length}A` });
    const long = await driver.caller.vehicles.create({ plate: `UP${kind.length}B` });
    const start = new Date(clock.at.getTime() + 3_600_000);
    const ending = await createReservation(api.deps, driver.id, { lotId, vehicleId: short.id, startsAt: start, endsAt: new Date(start.getTime() + 3_600_000) });
    const later = await createReservation(api.deps, driver.id, {
      lotId,
      vehicleId: long.id,
      startsAt: start,
      endsAt: new Date(start.getTime() + 4 * 3_600_000),
    });
    const stored = async (id: string) => (await api.db.prisma.reservation.findUniqueOrThrow({ where: { id } })).status;
    const scheduler = createScheduler({ services: api.deps, log: silent, timezone: "UTC", jobs: [jobDefinitions.bookingUpkeep] });
    await scheduler.tick();

    clock.at = new Date(ending.endsAt.getTime() - 30_000);
    await scheduler.tick();
    expect(await stored(ending.id)).toBe("confirmed");

    clock.at = ending.endsAt;
    await scheduler.tick();
    expect(await stored(ending.id)).toBe("expired");
    expect(await stored(later.id)).toBe("confirmed");
    const upkeep = await api.db.prisma.jobRun.findMany({ where: { job: "bookingUpkeep" }, orderBy: { dueAt: "asc" } });
    expect(upkeep.map((r) => [r.dueAt?.getTime(), r.status])).toEqual([
      [start.getTime() - 3_600_000, "succeeded"],
      [ending.endsAt.getTime() - 30_000, "succeeded"],
      [ending.endsAt.getTime(), "succeeded"],
    ]);
  });
});
