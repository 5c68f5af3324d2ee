// The back office's users: who they are, what they have done, and role and
// access changes that take effect on the user's very next call.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContextInner } from "../../src/context.ts";
import { createCaller } from "../../src/root.ts";
import { createTestApi, databases, type Caller, type TestApi } from "../harness.ts";

async function failure(call: Promise<unknown>): Promise<{ code: string; appCode: string | undefined }> {
  const error = await call.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TRPCError);
  const cause = (error as TRPCError).cause as { code?: string } | undefined;
  return { code: (error as TRPCError).code, appCode: cause?.code };
}

describe.each(databases)("admin.users on %s", (kind) => {
  let api: TestApi;
  let queries = 0;
  let admin: { id: string; caller: Caller };
  const tag = Date.now().toString(36).slice(-5);

  beforeAll(async () => {
    api = await createTestApi(kind, { onQuery: () => queries++ });
    admin = await api.signUp("admin");
  });
  afterAll(() => api.close());

  it("lists users with their bookings, stays, spending per currency and last activity, in a fixed number of queries", async () => {
    const driver = await api.signUp();
    await api.db.prisma.user.update({ where: { id: driver.id }, data: { username: `zed_${tag}`, phone: "+351 912 000 111" } });
    const [euro, dollar] = await Promise.all(
      ["EUR", "USD"].map((currency) =>
        admin.caller.lots.create({ name: `Spend ${currency}`, address: "x", city: "Spendville", hourlyRateCents: 600, currency, capacity: 2 }),
      ),
    );
    const paid: { currency: string; cents: number }[] = [];
    for (const lot of [euro!, dollar!]) {
      const vehicle = await driver.caller.vehicles.create({ plate: `SP${lot.currency}${tag}`.slice(0, 12) });
      const session = await driver.caller.sessions.start({ lotId: lot.id, vehicleId: vehicle.id });
      await api.db.prisma.parkingSession.update({ where: { id: session.id }, data: { startedAt: new Date(Date.now() - 2 * 3_600_000) } });
      await driver.caller.sessions.end({ id: session.id });
      const receipt = await driver.caller.sessions.pay({ id: session.id, method: "card" });
      paid.push({ currency: receipt.currency, cents: receipt.amountCents! });
    }
    expect(paid.every((p) => p.cents > 0)).toBe(true);
    const found = await admin.caller.admin.users.list({ search: `ZED_${tag}` });
    expect(found.items).toHaveLength(1);
    expect(found.items[0]).toMatchObject({ id: driver.id, reservations: 0, sessions: 2, spentCents: null, disabled: false, role: "user" });
    expect(found.items[0]!.spent).toEqual(paid);
    expect(found.items[0]!.lastActivityAt).toBeInstanceOf(Date);
    expect((await admin.caller.admin.users.list({ search: "912 000 111" })).items.map((u) => u.id)).toEqual([driver.id]);
    expect((await admin.caller.admin.users.list({ search: `${driver.id.slice(0, 4)}@nowhere` })).items).toEqual([]);
    expect((await admin.caller.admin.users.list({ search: driver.id.toUpperCase() })).items.map((u) => u.id)).toEqual([driver.id]);
    expect((await admin.caller.admin.users.list({ search: driver.id.slice(0, 8) })).items).toEqual([]);

    for (let i = 0; i < 6; i++) await api.signUp();
    const cost = async (limit: number) => {
      queries = 0;
      await admin.caller.admin.users.list({ limit });
      return queries;
    };
    expect(await cost(2)).toBe(await cost(8));
  });

  it("filters by role and by disabled, and pages newest first", async () => {
    const staff = await api.signUp("attendant");
    const attendants = await admin.caller.admin.users.list({ role: "attendant" });
    expect(attendants.items.map((u) => u.id)).toContain(staff.id);
    expect(attendants.items.every((u) => u.role === "attendant")).toBe(true);
    const first = await admin.caller.admin.users.list({ limit: 2 });
    const second = await admin.caller.admin.users.list({ limit: 2, cursor: first.nextCursor! });
    expect(second.items[0]!.createdAt.getTime()).toBeLessThanOrEqual(first.items[1]!.createdAt.getTime());
    expect(new Set([...first.items, ...second.items].map((u) => u.id)).size).toBe(4);
  });

  it("promotes on the next call, with the same token, and audits the change", async () => {
    const promoted = await api.signUp();
    await expect(promoted.caller.lots.occupancy({ lotId: admin.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const updated = await admin.caller.admin.users.update({ id: promoted.id, role: "attendant" });
    expect(updated).toMatchObject({ id: promoted.id, role: "attendant", disabled: false });
    await expect(promoted.caller.lots.occupancy({ lotId: admin.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const [row] = await api.db.prisma.auditLog.findMany({ where: { action: "user.update", targetId: promoted.id } });
    expect(row).toMatchObject({ actorId: admin.id, targetType: "user", details: { before: { role: "user" }, after: { role: "attendant" } } });
  });

  it("disabling refuses the user's live token at once and revokes their refresh tokens", async () => {
    const session = await api.anonymous.auth.register({ username: `gone_${tag}`, email: `gone_${tag}@example.com`, password: "password123" });
    const caller = createCaller(createContextInner(api.deps, { accessToken: session.accessToken }));
    expect((await caller.auth.me()).id).toBe(session.user.id);
    await admin.caller.admin.users.update({ id: session.user.id, disabled: true });
    expect(await failure(caller.auth.me())).toMatchObject({ code: "UNAUTHORIZED" });
    expect(await failure(api.anonymous.auth.refresh({ refreshToken: session.refreshToken }))).toMatchObject({ code: "UNAUTHORIZED" });
    expect(await api.db.prisma.refreshToken.count({ where: { userId: session.user.id, revokedAt: null } })).toBe(0);
    expect((await admin.caller.admin.users.list({ disabled: true })).items.map((u) => u.id)).toContain(session.user.id);
  });

  it("never demotes or disables the last active admin", async () => {
    const others = await api.db.prisma.user.findMany({ where: { role: "admin", disabled: false, id: { not: admin.id } }, select: { id: true } });
    for (const other of others) await admin.caller.admin.users.update({ id: other.id, role: "user" });
    expect(await failure(admin.caller.admin.users.update({ id: admin.id, role: "user" }))).toEqual({ code: "CONFLICT", appCode: "LAST_ADMIN" });
    expect(await failure(admin.caller.admin.users.update({ id: admin.id, disabled: true }))).toEqual({ code: "CONFLICT", appCode: "LAST_ADMIN" });
    // The database refuses it from any path, not only through the service.
    await expect(api.db.prisma.user.update({ where: { id: admin.id }, data: { role: "attendant" } })).rejects.toThrow();
    expect(await api.db.prisma.user.count({ where: { role: "admin", disabled: false } })).toBe(1);
    // With a second admin, the first may step down.
    const second = await api.signUp("admin");
    await admin.caller.admin.users.update({ id: admin.id, role: "attendant" });
    await second.caller.admin.users.update({ id: admin.id, role: "admin" });
  });

  it("answers NOT_FOUND for a user that does not exist and FORBIDDEN to staff who are not admins", async () => {
    expect(await failure(admin.caller.admin.users.update({ id: "00000000-0000-4000-8000-000000000000", role: "user" }))).toMatchObject({ code: "NOT_FOUND" });
    const attendant = await api.signUp("attendant");
    expect(await failure(attendant.caller.admin.users.list({}))).toMatchObject({ code: "FORBIDDEN" });
  });
});
