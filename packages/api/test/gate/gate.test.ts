import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databases, type TestApi, type Caller, inHours } from "../harness.ts";
import { openParkingFixture, type ParkingFixture } from "../parking-fixture.ts";

describe.each(databases)("gate on %s", (kind) => {
  let api: TestApi;
  let attendant: Caller;
  let lotId: string;
  let driverWithCar: ParkingFixture["driverWithCar"];
  let plate: () => string;
  beforeAll(async () => {
    ({ api, attendant, lotId, driverWithCar, plate } = await openParkingFixture(kind));
  });
  afterAll(() => api.close());

  it("lets attendants admit and release walk-ups by plate", async () => {
    const p = plate();
    const entered = await attendant.gate.enter({ lotId, plate: p.toLowerCase() });
    expect(entered).toMatchObject({ plate: p, status: "active", userId: null });
    await expect(attendant.gate.enter({ lotId, plate: p })).rejects.toMatchObject({ code: "CONFLICT" });
    await api.db.prisma.parkingSession.update({ where: { id: entered.id }, data: { startedAt: new Date(Date.now() - 30 * 60_000) } });
    const exited = await attendant.gate.exit({ lotId, plate: p });
    expect(exited).toMatchObject({ status: "completed", amountCents: 250 });
    await expect(attendant.gate.exit({ lotId, plate: p })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await api.db.prisma.auditLog.count({ where: { action: { in: ["gate.enter", "gate.exit"] }, targetId: entered.id } })).toBe(2);
  });

  it("checks a reserved plate in at the gate", async () => {
    const d = await driverWithCar();
    const r = await d.caller.reservations.create({ lotId, vehicleId: d.vehicle.id, startsAt: new Date(Date.now() + 5 * 60_000), endsAt: inHours(1) });
    const s = await attendant.gate.enter({ lotId, plate: d.vehicle.plate });
    expect(s).toMatchObject({ reservationId: r.id, userId: d.id, spot: r.spot });
    await attendant.gate.exit({ lotId, plate: d.vehicle.plate });
  });
});
