import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi } from "./harness.ts";

describe("smoke", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi("pglite");
  });
  afterAll(() => api.close());

  it("runs the whole flow", async () => {
    const admin = await api.signUp("admin");
    const lot = await admin.caller.lots.create({ name: "T", address: "a", city: "Lisbon", hourlyRateCents: 200, capacity: 3, lat: 38.7, lng: -9.1 });
    expect(lot.capacity).toBe(3);
    const driver = await api.signUp();
    const v = await driver.caller.vehicles.create({ plate: "ab-12 cd" });
    expect(v.plate).toBe("AB12CD");
    const start = new Date(Date.now() + 3600_000);
    const end = new Date(start.getTime() + 2 * 3600_000);
    const q = await api.anonymous.reservations.quote({ lotId: lot.id, startsAt: start, endsAt: end });
    const r = await driver.caller.reservations.create({ lotId: lot.id, vehicleId: v.id, startsAt: start, endsAt: end });
    expect(r.amountCents).toBe(q.amountCents);
    const list = await api.anonymous.lots.list({ near: { lat: 38.7, lng: -9.1, radiusKm: 10 } });
    expect(list.items[0]?.distanceKm).toBeDefined();
    const av = await api.anonymous.lots.availability({ lotId: lot.id, from: start, to: end });
    expect(av.available).toBe(2);
    const v2 = await driver.caller.vehicles.create({ plate: "XY99" });
    const s = await driver.caller.sessions.start({ lotId: lot.id, vehicleId: v2.id });
    const ended = await driver.caller.sessions.end({ id: s.id });
    expect(ended.amountCents).toBe(0);
    const occ = await admin.caller.lots.occupancy({ lotId: lot.id });
    expect(occ.totals.capacity).toBe(3);
    const att = await api.signUp("attendant");
    const g = await att.caller.gate.enter({ lotId: lot.id, plate: "zz 11" });
    expect(g.plate).toBe("ZZ11");
    await att.caller.gate.exit({ lotId: lot.id, plate: "ZZ11" });
    const detail = await api.anonymous.lots.byId({ id: lot.id });
    expect(detail.levels[0]?.rows[0]?.capacity).toBe(3);
    const spots = await api.anonymous.spots.list({ lotId: lot.id, limit: 2 });
    expect(spots.items).toHaveLength(2);
    const more = await api.anonymous.spots.list({ lotId: lot.id, limit: 2, cursor: spots.nextCursor! });
    expect(more.items).toHaveLength(1);
    const up = await admin.caller.lots.update({ id: lot.id, capacity: 5 });
    expect(up.capacity).toBe(5);
    await driver.caller.reservations.cancel({ id: r.id });
    await admin.caller.lots.delete({ id: lot.id });
  });
});
