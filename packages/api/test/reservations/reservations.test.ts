import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databases, type TestApi, type Caller, hour, inHours } from "../harness.ts";
import { openParkingFixture, type ParkingFixture } from "../parking-fixture.ts";

describe.each(databases)("reservations on %s", (kind) => {
  let api: TestApi;
  let admin: Caller;
  let lotId: string;
  let driverWithCar: ParkingFixture["driverWithCar"];
  beforeAll(async () => {
    ({ api, admin, lotId, driverWithCar } = await openParkingFixture(kind));
  });
  afterAll(() => api.close());

  it("quotes, creates and bills the same amount, to the cent", async () => {
    const d = await driverWithCar();
    const startsAt = inHours(48);
    const endsAt = new Date(startsAt.getTime() + 2.5 * hour);
    const quote = await api.anonymous.reservations.quote({ lotId, startsAt, endsAt });
    expect(quote).toEqual({ amountCents: 750, currency: "USD" });
    const r = await d.caller.reservations.create({ lotId, vehicleId: d.vehicle.id, startsAt, endsAt });
    expect(r).toMatchObject({
      status: "confirmed",
      amountCents: 750,
      currency: "USD",
      lot: { id: lotId, name: "Main" },
      vehicle: { id: d.vehicle.id, plate: d.vehicle.plate },
    });
    expect(r.startsAt).toBeInstanceOf(Date);
    expect(r.startsAt.getTime()).toBe(startsAt.getTime());
    const outbox = await api.db.prisma.outboxMessage.findFirst({ where: { kind: "reservation.confirmed", userId: d.id } });
    expect(outbox?.payload).toEqual({ reservationId: r.id });
  });

  it("allocates the lowest level, row and label first, by vehicle type and kind preference", async () => {
    const startsAt = inHours(60);
    const endsAt = inHours(61);
    const labels: string[] = [];
    for (let i = 0; i < 4; i++) {
      const d = await driverWithCar();
      const r = await d.caller.reservations.create({ lotId, vehicleId: d.vehicle.id, startsAt, endsAt });
      labels.push(r.spot.label);
    }
    const spots = (await api.anonymous.spots.list({ lotId })).items;
    const row = (id: string) => spots.find((s) => s.id === id);
    expect(labels).toEqual(["1", "2", "3", "1"]);
    const late = await driverWithCar();
    await expect(late.caller.reservations.create({ lotId, vehicleId: late.vehicle.id, startsAt, endsAt })).rejects.toMatchObject({ code: "CONFLICT" });
    const moto = await driverWithCar("motorcycle");
    const m = await moto.caller.reservations.create({ lotId, vehicleId: moto.vehicle.id, startsAt, endsAt });
    expect(row(m.spot.id)?.kind).toBe("motorcycle");
    const ev = await driverWithCar();
    const e = await ev.caller.reservations.create({ lotId, vehicleId: ev.vehicle.id, startsAt: inHours(62), endsAt: inHours(63), spotKind: "ev" });
    expect(row(e.spot.id)?.kind).toBe("ev");
    const carOnMoto = await driverWithCar();
    await expect(
      carOnMoto.caller.reservations.create({ lotId, vehicleId: carOnMoto.vehicle.id, startsAt: inHours(64), endsAt: inHours(65), spotKind: "motorcycle" }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("books a given spot or answers CONFLICT, and allows back-to-back windows", async () => {
    const spot = (await api.anonymous.spots.list({ lotId })).items[0]!;
    const a = await driverWithCar();
    const b = await driverWithCar();
    await a.caller.reservations.create({ lotId, vehicleId: a.vehicle.id, startsAt: inHours(70), endsAt: inHours(72), spotId: spot.id });
    await expect(
      b.caller.reservations.create({ lotId, vehicleId: b.vehicle.id, startsAt: inHours(71), endsAt: inHours(73), spotId: spot.id }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
    });
    await expect(
      b.caller.reservations.create({ lotId, vehicleId: b.vehicle.id, startsAt: inHours(72), endsAt: inHours(73), spotId: spot.id }),
    ).resolves.toMatchObject({
      status: "confirmed",
    });
    await expect(a.caller.reservations.create({ lotId, vehicleId: a.vehicle.id, startsAt: inHours(71), endsAt: inHours(72) })).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });

  it("cancels only its owner's reservation, only before it starts", async () => {
    const d = await driverWithCar();
    const other = await api.signUp();
    const r = await d.caller.reservations.create({ lotId, vehicleId: d.vehicle.id, startsAt: inHours(80), endsAt: inHours(81) });
    await expect(other.caller.reservations.cancel({ id: r.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(other.caller.reservations.byId({ id: r.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await d.caller.reservations.cancel({ id: r.id })).status).toBe("cancelled");
    await expect(d.caller.reservations.cancel({ id: r.id })).rejects.toMatchObject({ code: "CONFLICT" });
    const started = await d.caller.reservations.create({ lotId, vehicleId: d.vehicle.id, startsAt: new Date(Date.now() - 60_000), endsAt: inHours(1) });
    await expect(d.caller.reservations.cancel({ id: started.id })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("shows a reservation never checked into as expired after its end", async () => {
    const d = await driverWithCar();
    const r = await d.caller.reservations.create({ lotId, vehicleId: d.vehicle.id, startsAt: inHours(90), endsAt: inHours(91) });
    await api.db.prisma.reservation.update({
      where: { id: r.id },
      data: { startsAt: new Date(Date.now() - 3 * hour), endsAt: new Date(Date.now() - 2 * hour) },
    });
    expect((await d.caller.reservations.byId({ id: r.id })).status).toBe("expired");
    expect((await d.caller.reservations.list({ status: "expired" })).items.map((x) => x.id)).toContain(r.id);
    expect((await d.caller.reservations.list({ status: "confirmed" })).items.map((x) => x.id)).not.toContain(r.id);
  });

  it("lists own reservations newest first with paging; admins see all and filter", async () => {
    const d = await driverWithCar();
    const made = [];
    for (let i = 0; i < 3; i++) {
      made.push(await d.caller.reservations.create({ lotId, vehicleId: d.vehicle.id, startsAt: inHours(100 + i * 2), endsAt: inHours(101 + i * 2) }));
    }
    const first = await d.caller.reservations.list({ limit: 2 });
    const second = await d.caller.reservations.list({ limit: 2, cursor: first.nextCursor! });
    expect([...first.items, ...second.items].map((r) => r.id)).toEqual(made.reverse().map((r) => r.id));
    expect(second.nextCursor).toBeNull();
    const asAdmin = await admin.reservations.list({ userId: d.id, limit: 100 });
    expect(asAdmin.items).toHaveLength(3);
    const ignored = await d.caller.reservations.list({ userId: (await api.signUp()).id, limit: 100 });
    expect(ignored.items).toHaveLength(3);
    expect((await admin.reservations.byId({ id: made[0]!.id })).id).toBe(made[0]!.id);
  });
});
