import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, databases, hour, inHours, type Caller, type TestApi } from "./harness.ts";

describe.each(databases)("vehicles, reservations, sessions and gate on %s", (kind) => {
  let api: TestApi;
  let admin: Caller;
  let attendant: Caller;
  let lotId: string;
  const tag = Date.now().toString(36).slice(-5).toUpperCase();
  let plates = 0;
  const plate = () => `P${tag}${plates++}`;

  async function driverWithCar(type: "car" | "motorcycle" | "van" = "car") {
    const driver = await api.signUp();
    const vehicle = await driver.caller.vehicles.create({ plate: plate(), type });
    return { ...driver, vehicle };
  }

  beforeAll(async () => {
    api = await createTestApi(kind);
    admin = (await api.signUp("admin")).caller;
    attendant = (await api.signUp("attendant")).caller;
    const lot = await admin.lots.create({
      name: "Main",
      address: "x",
      city: "Testville",
      hourlyRateCents: 250,
      dailyMaxCents: 1800,
      layout: {
        levels: [
          { name: "L1", rows: [{ name: "A", spots: 3 }, { name: "E", spots: 1, kind: "ev" }] },
          { name: "L2", rows: [{ name: "M", spots: 1, kind: "motorcycle" }] },
        ],
      },
    });
    lotId = lot.id;
  });
  afterAll(() => api.close());

  describe("vehicles", () => {
    it("normalises plates, refuses duplicates and lists only the owner's", async () => {
      const a = await api.signUp();
      const b = await api.signUp();
      const p = `ab-${tag} 9`;
      const created = await a.caller.vehicles.create({ plate: p, label: "Work van", type: "van" });
      expect(created).toMatchObject({ plate: `AB${tag}9`, type: "van", label: "Work van" });
      await expect(a.caller.vehicles.create({ plate: `AB${tag}9` })).rejects.toMatchObject({ code: "CONFLICT" });
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

  describe("reservations", () => {
    it("quotes, creates and bills the same amount, to the cent", async () => {
      const d = await driverWithCar();
      const startsAt = inHours(48);
      const endsAt = new Date(startsAt.getTime() + 2.5 * hour);
      const quote = await api.anonymous.reservations.quote({ lotId, startsAt, endsAt });
      expect(quote).toEqual({ amountCents: 750, currency: "USD" });
      const r = await d.caller.reservations.create({ lotId, vehicleId: d.vehicle.id, startsAt, endsAt });
      expect(r).toMatchObject({ status: "confirmed", amountCents: 750, currency: "USD", lot: { id: lotId, name: "Main" }, vehicle: { id: d.vehicle.id, plate: d.vehicle.plate } });
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
      await expect(b.caller.reservations.create({ lotId, vehicleId: b.vehicle.id, startsAt: inHours(71), endsAt: inHours(73), spotId: spot.id })).rejects.toMatchObject({
        code: "CONFLICT",
      });
      await expect(b.caller.reservations.create({ lotId, vehicleId: b.vehicle.id, startsAt: inHours(72), endsAt: inHours(73), spotId: spot.id })).resolves.toMatchObject({
        status: "confirmed",
      });
      await expect(a.caller.reservations.create({ lotId, vehicleId: a.vehicle.id, startsAt: inHours(71), endsAt: inHours(72) })).rejects.toMatchObject({ code: "CONFLICT" });
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
      await api.db.prisma.reservation.update({ where: { id: r.id }, data: { startsAt: new Date(Date.now() - 3 * hour), endsAt: new Date(Date.now() - 2 * hour) } });
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

  describe("sessions and gate", () => {
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
      expect(await api.db.prisma.payment.findMany({ where: { sessionId: s.id }, select: { amountCents: true, method: true } })).toEqual([{ amountCents: 500, method: "card" }]);
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

    it("checks a reserved plate in at the gate", async () => {
      const d = await driverWithCar();
      const r = await d.caller.reservations.create({ lotId, vehicleId: d.vehicle.id, startsAt: new Date(Date.now() + 5 * 60_000), endsAt: inHours(1) });
      const s = await attendant.gate.enter({ lotId, plate: d.vehicle.plate });
      expect(s).toMatchObject({ reservationId: r.id, userId: d.id, spot: r.spot });
      await attendant.gate.exit({ lotId, plate: d.vehicle.plate });
    });
  });
});
