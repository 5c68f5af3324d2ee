import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databases, type TestApi, type Caller, hour, inHours } from "../harness.ts";
import { openParkingFixture, type ParkingFixture } from "../parking-fixture.ts";

describe.each(databases)("sessions on %s", (kind) => {
  let api: TestApi;
  let admin: Caller;
  let attendant: Caller;
  let lotId: string;
  let driverWithCar: ParkingFixture["driverWithCar"];
  let plate: () => string;
  beforeAll(async () => {
    ({ api, admin, attendant, lotId, driverWithCar, plate } = await openParkingFixture(kind));
  });
  afterAll(() => api.close());

  it("parks now, ends with the amount and pays", async () => {
    const d = await driverWithCar();
    const s = await d.caller.sessions.start({ lotId, vehicleId: d.vehicle.id });
    expect(s).toMatchObject({ status: "active", plate: d.vehicle.plate, amountCents: null, paymentStatus: "unpaid", reservationId: null });
    await expect(d.caller.sessions.pay({ id: s.id, method: "card" })).rejects.toMatchObject({ code: "CONFLICT" });
    await api.db.prisma.parkingSession.update({ where: { id: s.id }, data: { startedAt: new Date(Date.now() - 90 * 60_000) } });
    const ended = await d.caller.sessions.end({ id: s.id });
    expect(ended).toMatchObject({ status: "completed", amountCents: 500, paymentStatus: "unpaid" });
    await expect(d.caller.sessions.end({ id: s.id })).rejects.toMatchObject({ code: "CONFLICT" });
    const paid = await d.caller.sessions.pay({ id: s.id, method: "card" });
    expect(paid.paymentStatus).toBe("paid");
    await expect(d.caller.sessions.pay({ id: s.id, method: "cash" })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await api.db.prisma.payment.findMany({ where: { sessionId: s.id }, select: { amountCents: true, method: true } })).toEqual([
      { amountCents: 500, method: "card" },
    ]);
  });

  it("waives a stay within the grace period", async () => {
    const d = await driverWithCar();
    const s = await d.caller.sessions.start({ lotId, vehicleId: d.vehicle.id });
    expect(await d.caller.sessions.end({ id: s.id })).toMatchObject({ amountCents: 0, paymentStatus: "waived" });
  });

  it("checks in to a reservation from 15 minutes before its start and bills overstay", async () => {
    const d = await driverWithCar();
    const early = await d.caller.reservations.create({ lotId, vehicleId: d.vehicle.id, startsAt: inHours(1), endsAt: inHours(2) });
    await expect(d.caller.sessions.start({ lotId, vehicleId: d.vehicle.id, reservationId: early.id })).rejects.toMatchObject({ code: "CONFLICT" });
    await d.caller.reservations.cancel({ id: early.id });
    const startsAt = new Date(Date.now() + 10 * 60_000);
    const r = await d.caller.reservations.create({ lotId, vehicleId: d.vehicle.id, startsAt, endsAt: new Date(startsAt.getTime() + hour) });
    const other = await api.signUp();
    const otherCar = await other.caller.vehicles.create({ plate: plate() });
    await expect(other.caller.sessions.start({ lotId, vehicleId: otherCar.id, reservationId: r.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const s = await d.caller.sessions.start({ lotId, vehicleId: d.vehicle.id, reservationId: r.id });
    expect(s).toMatchObject({ reservationId: r.id, spot: r.spot });
    expect((await d.caller.reservations.byId({ id: r.id })).status).toBe("checked_in");
    // Pretend the car stayed 2 h 30 past the reserved end: 3 started hours of overstay.
    await api.db.prisma.parkingSession.update({ where: { id: s.id }, data: { startedAt: new Date(Date.now() - 4 * hour) } });
    await api.db.prisma.reservation.update({
      where: { id: r.id },
      data: { startsAt: new Date(Date.now() - 4 * hour), endsAt: new Date(Date.now() - 2.5 * hour) },
    });
    const ended = await d.caller.sessions.end({ id: s.id });
    expect(ended.amountCents).toBe(r.amountCents + 3 * 250);
    expect((await d.caller.reservations.byId({ id: r.id })).status).toBe("completed");
  });

  it("refuses a second session for a parked vehicle and keeps sessions private", async () => {
    const d = await driverWithCar();
    const s = await d.caller.sessions.start({ lotId, vehicleId: d.vehicle.id });
    await expect(d.caller.sessions.start({ lotId, vehicleId: d.vehicle.id })).rejects.toMatchObject({ code: "CONFLICT" });
    const other = await api.signUp();
    await expect(other.caller.sessions.end({ id: s.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await other.caller.sessions.list({})).items).toEqual([]);
    expect((await d.caller.sessions.list({ active: true })).items.map((x) => x.id)).toEqual([s.id]);
    expect((await attendant.sessions.list({ userId: d.id })).items.map((x) => x.id)).toEqual([s.id]);
    await d.caller.sessions.end({ id: s.id });
    expect((await d.caller.sessions.list({ active: true })).items).toEqual([]);
  });

  it("parks a walk-up on a spot booked later only until that booking starts", async () => {
    const small = await admin.lots.create({ name: "Tiny", address: "x", city: "Testville", hourlyRateCents: 100, capacity: 1 });
    const booker = await driverWithCar();
    const booked = await booker.caller.reservations.create({ lotId: small.id, vehicleId: booker.vehicle.id, startsAt: inHours(3), endsAt: inHours(4) });
    const walkUp = await driverWithCar();
    const s = await walkUp.caller.sessions.start({ lotId: small.id, vehicleId: walkUp.vehicle.id });
    expect(s.spot.id).toBe(booked.spot.id);
    const hold = await api.db.prisma.spotHold.findUniqueOrThrow({ where: { sessionId: s.id } });
    expect(hold.endsAt?.getTime()).toBe(booked.startsAt.getTime());
    const between = await driverWithCar();
    await expect(
      between.caller.reservations.create({ lotId: small.id, vehicleId: between.vehicle.id, startsAt: inHours(1), endsAt: inHours(2) }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(
      between.caller.reservations.create({ lotId: small.id, vehicleId: between.vehicle.id, startsAt: inHours(4), endsAt: inHours(5) }),
    ).resolves.toMatchObject({ status: "confirmed" });
    await walkUp.caller.sessions.end({ id: s.id });
  });
});
