import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, databases, inHours, type Caller, type TestApi } from "../harness.ts";

describe.each(databases)("lots and structure on %s", (kind) => {
  let api: TestApi;
  let admin: Caller;
  let attendant: Caller;
  let driver: Caller;
  const city = `City${Date.now().toString(36)}`;

  beforeAll(async () => {
    api = await createTestApi(kind);
    admin = (await api.signUp("admin")).caller;
    attendant = (await api.signUp("attendant")).caller;
    driver = (await api.signUp()).caller;
  });
  afterAll(() => api.close());

  it("creates a lot from a capacity: one level, one row, spots 1..n", async () => {
    const lot = await admin.lots.create({ name: "Cap", address: "1 Road", city, hourlyRateCents: 300, capacity: 4 });
    expect(lot).toMatchObject({ capacity: 4, available: 4, currency: "USD", graceMinutes: 10, billingIncrementMinutes: 60, location: null });
    expect(lot.levels).toHaveLength(1);
    expect(lot.levels[0]!.rows).toHaveLength(1);
    const spots = await api.anonymous.spots.list({ lotId: lot.id, limit: 100 });
    expect(spots.items.map((s) => s.label)).toEqual(["1", "2", "3", "4"]);
    expect(spots.items.every((s) => s.status === "available" && s.kind === "standard")).toBe(true);
  });

  it("creates a lot from a layout with levels, rows and kinds", async () => {
    const lot = await admin.lots.create({
      name: "Layout",
      address: "2 Road",
      city,
      hourlyRateCents: 200,
      dailyMaxCents: 1500,
      timezone: "Europe/Lisbon",
      amenities: ["covered"],
      openingHours: { mon: [{ open: "07:00", close: "22:00" }] },
      layout: {
        levels: [
          {
            name: "P0",
            rows: [
              { name: "A", spots: 3 },
              { name: "E", spots: 2, kind: "ev" },
            ],
          },
          { name: "P1", rows: [{ name: "M", spots: 2, kind: "motorcycle" }] },
        ],
      },
    });
    expect(lot.capacity).toBe(7);
    expect(lot.levels.map((l) => [l.name, l.capacity, l.rows.map((r) => `${r.name}:${r.capacity}`)])).toEqual([
      ["P0", 5, ["A:3", "E:2"]],
      ["P1", 2, ["M:2"]],
    ]);
    expect(lot.openingHours).toEqual({ mon: [{ open: "07:00", close: "22:00" }] });
    const levels = await api.anonymous.levels.list({ lotId: lot.id });
    expect(levels.map((l) => l.capacity)).toEqual([5, 2]);
    const rows = await api.anonymous.rows.list({ levelId: levels[0]!.id });
    expect(rows.map((r) => r.name)).toEqual(["A", "E"]);
  });

  it("lists by city, search and distance, nearest first, paging with a cursor", async () => {
    const near = await admin.lots.create({ name: "Near", address: "x", city, hourlyRateCents: 100, capacity: 1, lat: 38.7, lng: -9.14 });
    const far = await admin.lots.create({ name: "Far", address: "x", city, hourlyRateCents: 100, capacity: 1, lat: 38.8, lng: -9.14 });
    const byCity = await api.anonymous.lots.list({ city: city.toLowerCase() });
    expect(byCity.items.length).toBeGreaterThanOrEqual(4);
    expect(byCity.items.every((l) => l.city === city)).toBe(true);
    const searched = await api.anonymous.lots.list({ search: "layo" });
    expect(searched.items.map((l) => l.name)).toContain("Layout");
    expect(searched.items.map((l) => l.name)).not.toContain("Cap");
    const nearby = await api.anonymous.lots.list({ near: { lat: 38.7, lng: -9.14, radiusKm: 20 } });
    const ids = nearby.items.map((l) => l.id);
    expect(ids.indexOf(near.id)).toBeLessThan(ids.indexOf(far.id));
    expect(nearby.items[0]!.distanceKm).toBeCloseTo(0, 3);
    expect(nearby.items.find((l) => l.id === far.id)!.distanceKm).toBeCloseTo(11.12, 1);
    const tight = await api.anonymous.lots.list({ near: { lat: 38.7, lng: -9.14, radiusKm: 5 } });
    expect(tight.items.map((l) => l.id)).toEqual([near.id]);

    const first = await api.anonymous.lots.list({ city, limit: 2 });
    expect(first.items).toHaveLength(2);
    const second = await api.anonymous.lots.list({ city, limit: 2, cursor: first.nextCursor! });
    const all = await api.anonymous.lots.list({ city, limit: 100 });
    expect([...first.items, ...second.items].map((l) => l.id)).toEqual(all.items.slice(0, 4).map((l) => l.id));
    const nearPage = await api.anonymous.lots.list({ near: { lat: 38.7, lng: -9.14, radiusKm: 20 }, limit: 1 });
    const nearNext = await api.anonymous.lots.list({ near: { lat: 38.7, lng: -9.14, radiusKm: 20 }, limit: 1, cursor: nearPage.nextCursor! });
    expect(nearNext.items[0]!.id).toBe(far.id);
  });

  it("grows and shrinks capacity, refusing to remove spots in use", async () => {
    const lot = await admin.lots.create({ name: "Resize", address: "x", city, hourlyRateCents: 100, capacity: 3 });
    expect((await admin.lots.update({ id: lot.id, capacity: 5 })).capacity).toBe(5);
    expect((await admin.lots.update({ id: lot.id, capacity: 2 })).capacity).toBe(2);
    expect((await admin.lots.update({ id: lot.id, capacity: 3 })).capacity).toBe(3);
    const vehicle = await driver.vehicles.create({ plate: `RS${Date.now().toString(36).slice(-6)}` });
    const spots = await api.anonymous.spots.list({ lotId: lot.id });
    await driver.reservations.create({ lotId: lot.id, vehicleId: vehicle.id, startsAt: inHours(2), endsAt: inHours(3), spotId: spots.items[2]!.id });
    await expect(admin.lots.update({ id: lot.id, capacity: 2 })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("1 of the spots"),
    });
    expect((await api.anonymous.lots.byId({ id: lot.id })).capacity).toBe(3);
    const parked = await driver.vehicles.create({ plate: `RP${Date.now().toString(36).slice(-6)}` });
    const session = await driver.sessions.start({ lotId: lot.id, vehicleId: parked.id, spotId: spots.items[1]!.id });
    await expect(admin.lots.update({ id: lot.id, capacity: 1 })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("2 of the spots"),
    });
    await driver.sessions.end({ id: session.id });
    const updated = await admin.lots.update({ id: lot.id, hourlyRateCents: 450, dailyMaxCents: null, name: "Resized" });
    expect(updated).toMatchObject({ hourlyRateCents: 450, dailyMaxCents: null, name: "Resized" });
  });

  it("refuses to delete a lot with a reservation ahead or an active session, then deletes it", async () => {
    const lot = await admin.lots.create({ name: "Doomed", address: "x", city, hourlyRateCents: 100, capacity: 2 });
    const vehicle = await driver.vehicles.create({ plate: `DL${Date.now().toString(36).slice(-6)}` });
    const reservation = await driver.reservations.create({ lotId: lot.id, vehicleId: vehicle.id, startsAt: inHours(5), endsAt: inHours(6) });
    await expect(admin.lots.delete({ id: lot.id })).rejects.toMatchObject({ code: "CONFLICT" });
    await driver.reservations.cancel({ id: reservation.id });
    const session = await driver.sessions.start({ lotId: lot.id, vehicleId: vehicle.id });
    await expect(admin.lots.delete({ id: lot.id })).rejects.toMatchObject({ code: "CONFLICT" });
    await driver.sessions.end({ id: session.id });
    await expect(admin.lots.delete({ id: lot.id })).resolves.toEqual({ ok: true });
    await expect(api.anonymous.lots.byId({ id: lot.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await api.anonymous.lots.list({ city, limit: 100 })).items.map((l) => l.id)).not.toContain(lot.id);
  });

  it("derives spot status from sessions and reservations, and counts it in SQL", async () => {
    const lot = await admin.lots.create({ name: "Status", address: "x", city, hourlyRateCents: 100, capacity: 4 });
    const [s1, s2, s3] = (await api.anonymous.spots.list({ lotId: lot.id })).items;
    const tag = Date.now().toString(36).slice(-6);
    const car = await driver.vehicles.create({ plate: `ST${tag}` });
    const other = await driver.vehicles.create({ plate: `SU${tag}` });
    await driver.sessions.start({ lotId: lot.id, vehicleId: car.id, spotId: s1!.id });
    await driver.reservations.create({ lotId: lot.id, vehicleId: other.id, startsAt: new Date(Date.now() - 60_000), endsAt: inHours(1), spotId: s2!.id });
    await attendant.spots.setOutOfService({ id: s3!.id, outOfService: true });
    const statuses = (await api.anonymous.spots.list({ lotId: lot.id })).items.map((s) => s.status);
    expect(statuses).toEqual(["occupied", "reserved", "out_of_service", "available"]);
    expect((await api.anonymous.spots.list({ lotId: lot.id, status: "reserved" })).items.map((s) => s.id)).toEqual([s2!.id]);
    const detail = await api.anonymous.lots.byId({ id: lot.id });
    expect(detail.available).toBe(1);
    const board = await attendant.lots.occupancy({ lotId: lot.id });
    expect(board.totals).toEqual({ capacity: 4, available: 1, occupied: 1, reserved: 1, outOfService: 1 });
    expect(board.levels[0]!.rows[0]!.counts).toEqual(board.totals);
    await expect(attendant.spots.setOutOfService({ id: s1!.id, outOfService: true })).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await attendant.spots.setOutOfService({ id: s3!.id, outOfService: false })).status).toBe("available");
  });

  it("answers availability for a window and a vehicle type", async () => {
    const lot = await admin.lots.create({
      name: "Kinds",
      address: "x",
      city,
      hourlyRateCents: 100,
      layout: {
        levels: [
          {
            name: "G",
            rows: [
              { name: "A", spots: 2 },
              { name: "M", spots: 1, kind: "motorcycle" },
            ],
          },
        ],
      },
    });
    const window = { lotId: lot.id, from: inHours(24), to: inHours(26) };
    expect((await api.anonymous.lots.availability(window)).available).toBe(3);
    expect((await api.anonymous.lots.availability({ ...window, vehicleType: "car" })).available).toBe(2);
    const moto = await api.anonymous.lots.availability({ ...window, vehicleType: "motorcycle" });
    expect(moto.spots.map((s) => s.kind)).toEqual(["motorcycle"]);
  });

  it("adds levels, rows and spots, refusing duplicates", async () => {
    const lot = await admin.lots.create({ name: "Grow", address: "x", city, hourlyRateCents: 100, capacity: 1 });
    const level = await admin.levels.create({ lotId: lot.id, name: "Roof" });
    await expect(admin.levels.create({ lotId: lot.id, name: "Roof" })).rejects.toMatchObject({ code: "CONFLICT" });
    const row = await admin.rows.create({ levelId: level.id, name: "R", spots: 2, kind: "ev" });
    expect(row).toMatchObject({ capacity: 2, available: 2 });
    const spot = await admin.spots.create({ rowId: row.id, label: "9", kind: "accessible" });
    expect(spot).toMatchObject({ label: "9", kind: "accessible", status: "available", lotId: lot.id, levelId: level.id });
    await expect(admin.spots.create({ rowId: row.id, label: "9" })).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await api.anonymous.lots.byId({ id: lot.id })).capacity).toBe(4);
  });

  it("records staff changes in the audit log", async () => {
    const before = await api.db.prisma.auditLog.count();
    const lot = await admin.lots.create({ name: "Audited", address: "x", city, hourlyRateCents: 100, capacity: 1 });
    const entry = await api.db.prisma.auditLog.findFirst({ where: { targetId: lot.id, action: "lot.create" } });
    expect(entry?.actorId).toBeTruthy();
    expect(await api.db.prisma.auditLog.count()).toBe(before + 1);
  });
});
