import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { verifyPassword } from "../src/password.ts";
import { seed } from "../src/seed.ts";
import { openTestDatabase, postgresAvailable, type TestDatabase } from "../src/testing.ts";

const kinds = (await postgresAvailable()) ? (["pglite", "postgres"] as const) : (["pglite"] as const);

async function counts(db: TestDatabase) {
  const [users, lots, levels, rows, spots] = await Promise.all([
    db.prisma.user.count(),
    db.prisma.lot.count(),
    db.prisma.level.count(),
    db.prisma.row.count(),
    db.prisma.spot.count(),
  ]);
  const kinds = await db.prisma.spot.groupBy({ by: ["kind"], _count: { _all: true } });
  return { users, lots, levels, rows, spots, kinds: kinds.map((k) => k.kind).sort() };
}

describe.each(kinds)("seed on %s", (kind) => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });

  afterAll(async () => {
    await db?.drop();
  });

  test("running it twice on a fresh database gives the same data", async () => {
    expect(await db.prisma.user.count()).toBe(0);
    await seed(db.prisma);
    const first = await counts(db);
    await seed(db.prisma);
    expect(await counts(db)).toEqual(first);

    expect(first.users).toBe(3);
    expect(first.lots).toBe(3);
    expect(first.spots).toBeGreaterThan(0);
    expect(first.kinds).toEqual(expect.arrayContaining(["standard", "motorcycle", "ev"]));
    expect(first.kinds.length).toBeGreaterThanOrEqual(4);
  });

  test("the seeded accounts have their roles, distinct cities, and working passwords", async () => {
    const users = await db.prisma.user.findMany({ orderBy: { email: "asc" }, select: { email: true, username: true, role: true, passwordHash: true } });
    expect(users.map(({ email, username, role }) => ({ email, username, role }))).toEqual([
      { email: "admin@example.com", username: "admin", role: "admin" },
      { email: "attendant@example.com", username: "attendant", role: "attendant" },
      { email: "driver@example.com", username: "driver", role: "user" },
    ]);
    const driver = users.find((u) => u.role === "user")!;
    expect(await verifyPassword(driver.passwordHash, "driverpass123")).toBe(true);
    const admin = users.find((u) => u.role === "admin")!;
    expect(await verifyPassword(admin.passwordHash, "adminpass123")).toBe(true);
    const cities = await db.prisma.lot.findMany({ select: { city: true } });
    expect(new Set(cities.map((c) => c.city)).size).toBe(3);
  });

  test("the lots charge in euros, and the driver has a car to book with, once", async () => {
    expect((await db.prisma.lot.findMany({ select: { currency: true } })).map((l) => l.currency)).toEqual(["EUR", "EUR", "EUR"]);
    const vehicles = await db.prisma.vehicle.findMany({ where: { user: { email: "driver@example.com" } }, select: { plate: true, type: true } });
    expect(vehicles).toEqual([{ plate: "AA00AA", type: "car" }]);
  });
});
