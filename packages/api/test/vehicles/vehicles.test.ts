import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databases, type TestApi, inHours } from "../harness.ts";
import { openParkingFixture, type ParkingFixture } from "../parking-fixture.ts";

describe.each(databases)("vehicles on %s", (kind) => {
  let api: TestApi;
  let lotId: string;
  let driverWithCar: ParkingFixture["driverWithCar"];
  beforeAll(async () => {
    ({ api, lotId, driverWithCar } = await openParkingFixture(kind));
  });
  afterAll(() => api.close());

  it("normalises plates, refuses duplicates and lists only the owner's", async () => {
    const a = await api.signUp();
    const b = await api.signUp();
    const tag = Date.now().toString(36).slice(-5).toUpperCase();
    const p = `ab-${tag} 9`;
    const created = await a.caller.vehicles.create({ plate: p, label: "Work van", type: "van" });
    expect(created).toMatchObject({ plate: `AB${tag}9`, type: "van", label: "Work van" });
    await expect(a.caller.vehicles.create({ plate: `AB${tag}9` })).rejects.toMatchObject({ code: "CONFLICT", cause: { code: "PLATE_TAKEN" } });
    await expect(b.caller.vehicles.create({ plate: p })).resolves.toMatchObject({ plate: `AB${tag}9`, type: "car" });
    expect((await a.caller.vehicles.list()).map((v) => v.id)).toEqual([created.id]);
    await expect(b.caller.vehicles.remove({ id: created.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(a.caller.vehicles.remove({ id: created.id })).resolves.toEqual({ ok: true });
    expect(await a.caller.vehicles.list()).toEqual([]);
    await expect(a.caller.vehicles.create({ plate: p })).resolves.toMatchObject({ plate: `AB${tag}9` });
  });

  it("refuses to remove a vehicle with a reservation ahead or an active session", async () => {
    const d = await driverWithCar();
    const r = await d.caller.reservations.create({ lotId, vehicleId: d.vehicle.id, startsAt: inHours(30), endsAt: inHours(31) });
    await expect(d.caller.vehicles.remove({ id: d.vehicle.id })).rejects.toMatchObject({ code: "CONFLICT" });
    await d.caller.reservations.cancel({ id: r.id });
    const s = await d.caller.sessions.start({ lotId, vehicleId: d.vehicle.id });
    await expect(d.caller.vehicles.remove({ id: d.vehicle.id })).rejects.toMatchObject({ code: "CONFLICT" });
    await d.caller.sessions.end({ id: s.id });
    await expect(d.caller.vehicles.remove({ id: d.vehicle.id })).resolves.toEqual({ ok: true });
  });
});
