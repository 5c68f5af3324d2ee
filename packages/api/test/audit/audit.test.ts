// Every change made by staff leaves exactly the audit rows it should, in the
// same transaction, and the database keeps those rows as they were written.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContextInner } from "../../src/context.ts";
import { createCaller } from "../../src/root.ts";
import { procedureKinds } from "../../src/wire/kinds.ts";
import { callByPath } from "../all-procedures/procedures.ts";
import { createTestApi, databases, inHours, type Caller, type TestApi } from "../harness.ts";

type Staff = "attendant" | "admin";
interface StaffCall {
  as: Staff;
  /** A valid input, made fresh for this call. */
  input: () => Promise<unknown>;
}

/** Mutations that only ever change the caller's own records: nothing to audit. */
const ownRecordsOnly = new Set([
  "auth.register",
  "auth.login",
  "auth.refresh",
  "auth.logout",
  "auth.changePassword",
  "vehicles.create",
  "vehicles.remove",
  "reservations.create",
  "sessions.start",
  "exports.history",
]);

describe.each(databases)("the audit trail on %s", (kind) => {
  let api: TestApi;
  const staff = {} as Record<Staff, { id: string; token: string; caller: Caller }>;
  let driver: { id: string; caller: Caller };
  let lotId: string;
  let staffCalls: Record<string, StaffCall>;
  let plates = 0;
  let queries = 0;
  const plate = () => `AUD${Date.now().toString(36).slice(-4)}${plates++}`.toUpperCase();

  beforeAll(async () => {
    api = await createTestApi(kind, { onQuery: () => queries++ });
    for (const role of ["attendant", "admin"] as const) {
      const account = await api.signUp(role);
      const user = await api.db.prisma.user.findUniqueOrThrow({ where: { id: account.id } });
      staff[role] = { id: account.id, token: await api.deps.tokens.signAccess(user), caller: account.caller };
    }
    driver = await api.signUp();
    lotId = (await staff.admin.caller.lots.create({ name: "Audited", address: "1 Ledger Lane", city: "Auditon", hourlyRateCents: 200, capacity: 6 })).id;
    const lot = await staff.admin.caller.lots.byId({ id: lotId });
    const car = async () => (await driver.caller.vehicles.create({ plate: plate() })).id;
    staffCalls = {
      "lots.create": { as: "admin", input: async () => ({ name: "Another", address: "x", city: "Auditon", hourlyRateCents: 100, capacity: 1 }) },
      "lots.update": { as: "admin", input: async () => ({ id: lotId, hourlyRateCents: 250 }) },
      "lots.delete": {
        as: "admin",
        input: async () => ({
          id: (await staff.admin.caller.lots.create({ name: "Doomed", address: "x", city: "Auditon", hourlyRateCents: 100, capacity: 1 })).id,
        }),
      },
      "levels.create": { as: "admin", input: async () => ({ lotId, name: `Level ${plates++}` }) },
      "rows.create": { as: "admin", input: async () => ({ levelId: lot.levels[0]!.id, name: `Row ${plates++}`, spots: 1 }) },
      "spots.create": { as: "admin", input: async () => ({ rowId: lot.levels[0]!.rows[0]!.id, label: `S${plates++}` }) },
      "spots.setOutOfService": {
        as: "attendant",
        input: async () => ({ id: (await api.anonymous.spots.list({ lotId })).items.at(-1)!.id, outOfService: true }),
      },
      "gate.enter": { as: "attendant", input: async () => ({ lotId, plate: plate() }) },
      "gate.exit": {
        as: "attendant",
        input: async () => {
          const entered = await staff.attendant.caller.gate.enter({ lotId, plate: plate() });
          return { lotId, plate: entered.plate };
        },
      },
      // Admins may cancel any reservation; an attendant finds only their own.
      "reservations.cancel": {
        as: "admin",
        input: async () => ({
          id: (await driver.caller.reservations.create({ lotId, vehicleId: await car(), startsAt: inHours(30), endsAt: inHours(31) })).id,
        }),
      },
      "sessions.end": { as: "attendant", input: async () => ({ id: (await driver.caller.sessions.start({ lotId, vehicleId: await car() })).id }) },
      "sessions.pay": {
        as: "attendant",
        input: async () => {
          const session = await driver.caller.sessions.start({ lotId, vehicleId: await car() });
          await api.db.prisma.parkingSession.update({ where: { id: session.id }, data: { startedAt: new Date(Date.now() - 3 * 3_600_000) } });
          await driver.caller.sessions.end({ id: session.id });
          return { id: session.id, method: "cash" };
        },
      },
      "admin.users.update": { as: "admin", input: async () => ({ id: (await api.signUp()).id, role: "attendant" }) },
      "admin.jobs.run": { as: "admin", input: async () => ({ job: "dailyAdminReport" }) },
      "admin.mail.retry": {
        as: "admin",
        input: async () => {
          const reservation = await driver.caller.reservations.create({
            lotId,
            vehicleId: await car(),
            startsAt: inHours(50 + plates),
            endsAt: inHours(51 + plates),
          });
          const [dead] = await api.db.prisma.outboxMessage.updateManyAndReturn({
            where: { payload: { equals: { reservationId: reservation.id } } },
            data: { status: "dead", attempts: 8, lastError: "421 try later" },
          });
          return { id: dead!.id };
        },
      },
    };
  });
  afterAll(() => api.close());

  it("knows, for every mutation, whether staff use it and so must audit it", () => {
    const mutations = [...procedureKinds].filter(([, kind]) => kind === "mutation").map(([path]) => path);
    const unaccounted = mutations.filter((path) => !ownRecordsOnly.has(path) && !(path in staffCalls));
    expect(unaccounted, "a new mutation: add it to staffCalls, or to ownRecordsOnly if it can only change the caller's own records").toEqual([]);
  });

  it("writes one audit row per staff change, with the actor and the request's id, in the change's transaction", async () => {
    const missing: string[] = [];
    for (const [path, call] of Object.entries(staffCalls)) {
      const requestId = `audit-walk-${path}`;
      const caller = createCaller(createContextInner(api.deps, { accessToken: staff[call.as].token, requestId }));
      await callByPath(caller, path, await call.input());
      const rows = await api.db.prisma.auditLog.findMany({ where: { requestId } });
      if (rows.length !== 1 || rows[0]!.actorId !== staff[call.as].id) missing.push(`${path}: ${rows.length} rows`);
    }
    expect(missing).toEqual([]);
  });

  it("records nothing when a driver changes their own records, and nothing for a refused change", async () => {
    const before = await api.db.prisma.auditLog.count();
    const vehicleId = (await driver.caller.vehicles.create({ plate: plate() })).id;
    const own = await driver.caller.reservations.create({ lotId, vehicleId, startsAt: inHours(40), endsAt: inHours(41) });
    await driver.caller.reservations.cancel({ id: own.id });
    await expect(staff.admin.caller.admin.users.update({ id: "00000000-0000-4000-8000-000000000000", role: "user" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(staff.attendant.caller.gate.exit({ lotId, plate: "NOBODY1" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await api.db.prisma.auditLog.count()).toBe(before);
  });

  it("keeps before and after of what changed", async () => {
    await staff.admin.caller.lots.update({ id: lotId, name: "Audited (renamed)", hourlyRateCents: 250 });
    const [row] = await api.db.prisma.auditLog.findMany({ where: { action: "lot.update", targetId: lotId }, orderBy: { createdAt: "desc" }, take: 1 });
    expect(row!.details).toEqual({ before: { name: "Audited" }, after: { name: "Audited (renamed)" } });
  });

  it("describes what a new lot, level, row and spot hold, and names the lot of each part", async () => {
    const admin = staff.admin.caller;
    const lot = await admin.lots.create({
      name: `Summarised ${plate()}`,
      address: "1 Audit Way",
      city: "Lisbon",
      timezone: "Europe/Lisbon",
      hourlyRateCents: 300,
      capacity: 4,
    });
    const level = await admin.levels.create({ lotId: lot.id, name: "Roof" });
    const row = await admin.rows.create({ levelId: level.id, name: "R", spots: 2, kind: "ev" });
    const spot = await admin.spots.create({ rowId: row.id, label: "R9", kind: "motorcycle" });
    await admin.spots.setOutOfService({ id: spot.id, outOfService: true });
    const details = async (action: string, targetId: string) =>
      (await api.db.prisma.auditLog.findFirstOrThrow({ where: { action, targetId }, select: { details: true } })).details;
    expect(await details("lot.create", lot.id)).toEqual({
      after: { name: lot.name, city: "Lisbon", timezone: "Europe/Lisbon", currency: "EUR", hourlyRateCents: 300, spots: 4 },
    });
    expect(await details("level.create", level.id)).toEqual({ after: { lotId: lot.id, name: "Roof" } });
    expect(await details("row.create", row.id)).toEqual({ after: { lotId: lot.id, levelId: level.id, name: "R", spots: 2, kind: "ev" } });
    expect(await details("spot.create", spot.id)).toEqual({ after: { lotId: lot.id, rowId: row.id, label: "R9", kind: "motorcycle" } });
    expect(await details("spot.out_of_service", spot.id)).toEqual({ before: { outOfService: false }, after: { lotId: lot.id, outOfService: true } });
    await admin.spots.setOutOfService({ id: spot.id, outOfService: false });
    await admin.lots.delete({ id: lot.id });
    expect(await details("lot.delete", lot.id)).toEqual({ before: { name: lot.name, deleted: false }, after: { deleted: true } });
  });

  it("lists entries newest first, filtered by actor, target, action and time", async () => {
    const all = await staff.admin.caller.admin.audit.list({ limit: 100 });
    expect(all.items.length).toBeGreaterThan(5);
    const times = all.items.map((entry) => entry.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const byAttendant = await staff.admin.caller.admin.audit.list({ actorId: staff.attendant.id, limit: 100 });
    expect(byAttendant.items.length).toBeGreaterThan(0);
    expect(byAttendant.items.every((entry) => entry.actor?.id === staff.attendant.id)).toBe(true);
    const lotEntries = await staff.admin.caller.admin.audit.list({ targetType: "lot", targetId: lotId });
    expect(lotEntries.items.every((entry) => entry.targetId === lotId)).toBe(true);
    expect(lotEntries.items.map((entry) => entry.action)).toContain("lot.create");
    const future = await staff.admin.caller.admin.audit.list({ from: new Date(Date.now() + 3_600_000) });
    expect(future.items).toEqual([]);
    const paged = await staff.admin.caller.admin.audit.list({ limit: 2 });
    const next = await staff.admin.caller.admin.audit.list({ limit: 2, cursor: paged.nextCursor! });
    expect(next.items[0]!.at.getTime()).toBeLessThanOrEqual(paged.items[1]!.at.getTime());
    expect(next.items.map((entry) => entry.id)).not.toContain(paged.items[1]!.id);
  });

  it("names each target as people know it now, in a fixed number of queries whatever the page holds", async () => {
    const rowId = (await staff.admin.caller.lots.byId({ id: lotId })).levels[0]!.rows[0]!.id;
    const [user, spot] = [await api.signUp(), await staff.admin.caller.spots.create({ rowId, label: `N${plates++}` })];
    const username = (await api.db.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).username;
    await staff.admin.caller.admin.users.update({ id: user.id, role: "attendant" });
    await staff.attendant.caller.spots.setOutOfService({ id: spot.id, outOfService: true });
    await staff.attendant.caller.spots.setOutOfService({ id: spot.id, outOfService: false });
    const entered = await staff.attendant.caller.gate.enter({ lotId, plate: plate() });
    await staff.admin.caller.lots.update({ id: lotId, name: "Audited (named)" });

    queries = 0;
    const { items } = await staff.admin.caller.admin.audit.list({ limit: 100 });
    // The page, its actors, then one lookup per kind of target: users, lots, levels, rows, spots, sessions.
    expect(queries).toBeLessThanOrEqual(8);
    const nameOf = (type: string, id: string) => items.find((entry) => entry.targetType === type && entry.targetId === id)?.targetName;
    expect(nameOf("user", user.id)).toBe(username);
    expect(nameOf("spot", spot.id)).toBe(spot.label);
    expect(nameOf("session", entered.id)).toBe(entered.plate);
    // Every entry of a renamed record shows its name now.
    expect(items.filter((entry) => entry.targetId === lotId).map((entry) => entry.targetName)).toEqual(
      items.filter((entry) => entry.targetId === lotId).map(() => "Audited (named)"),
    );
    expect(items.filter((entry) => entry.targetType === "reservation").every((entry) => entry.targetName === null)).toBe(true);
  });

  it("is append-only: the database refuses to change, remove or truncate audit rows", async () => {
    const [row] = await api.db.prisma.auditLog.findMany({ take: 1 });
    await expect(api.db.prisma.auditLog.update({ where: { id: row!.id }, data: { action: "forged" } })).rejects.toThrow();
    await expect(api.db.prisma.auditLog.delete({ where: { id: row!.id } })).rejects.toThrow();
    await expect(api.db.prisma.$executeRawUnsafe("TRUNCATE audit_log")).rejects.toThrow();
    await expect(api.db.prisma.user.delete({ where: { id: staff.admin.id } })).rejects.toThrow();
    expect(await api.db.prisma.auditLog.findUnique({ where: { id: row!.id } })).toEqual(row);
  });
});
