// A spot's claims follow the car that really stands on it: an early arrival,
// a walk-up and an overstay never leave one spot with a parked car and
// another driver's booking at the same instant, and a booking an occupant
// would block moves to a free spot before it starts. Times beyond "now" are
// reached by calling the services with an explicit clock.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { occupancy } from "../../src/domains/lots/service.ts";
import { maintainBookings } from "../../src/domains/reservations/service.ts";
import { endSession, startSession } from "../../src/domains/sessions/service.ts";
import { createTestApi, databases, hour, inHours, type Caller, type TestApi } from "../harness.ts";

const minute = 60_000;

describe.each(databases)("claims follow occupancy on %s", (kind) => {
  let api: TestApi;
  let admin: Caller;
  let attendant: Caller;
  const tag = Date.now().toString(36).slice(-5).toUpperCase();
  let plates = 0;

  beforeAll(async () => {
    api = await createTestApi(kind);
    admin = (await api.signUp("admin")).caller;
    attendant = (await api.signUp("attendant")).caller;
  });
  afterAll(() => api.close());

  async function driver() {
    const signed = await api.signUp();
    const vehicle = await signed.caller.vehicles.create({ plate: `OC${tag}${plates++}` });
    return { ...signed, vehicle };
  }

  async function lotOf(capacity: number) {
    const lot = await admin.lots.create({ name: `Occupancy ${tag}`, address: "x", city: "Claimtown", hourlyRateCents: 300, capacity });
    const spots = (await api.anonymous.spots.list({ lotId: lot.id })).items.map((s) => s.id);
    return { id: lot.id, spots };
  }

  /** The core rule, read from the database itself: no spot has a parked car and another live booking covering `at`. */
  async function sharedSpots(at: Date): Promise<number> {
    const [row] = await api.db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM sessions o
         JOIN reservations r ON r.spot_id = o.spot_id AND r.status IN ('confirmed', 'checked_in')
          AND r.id IS DISTINCT FROM o.reservation_id AND r.starts_at <= $1 AND r.ends_at > $1
        WHERE o.status = 'active'`,
      [at],
    );
    return row!.n;
  }

  async function claimOf(sessionId: string) {
    const [row] = await api.db.sql.query<{ starts_at: Date; ends_at: Date | null; active: boolean }>(
      `SELECT starts_at, ends_at, active FROM spot_holds WHERE session_id = $1`,
      [sessionId],
    );
    return row;
  }

  it("an early check-in never takes a spot still booked by someone else before it", async () => {
    const lot = await lotOf(1);
    const [y, x, z] = [await driver(), await driver(), await driver()];
    const now = Date.now();
    const first = await y.caller.reservations.create({ lotId: lot.id, vehicleId: y.vehicle.id, startsAt: new Date(now), endsAt: new Date(now + 10 * minute) });
    const second = await x.caller.reservations.create({
      lotId: lot.id,
      vehicleId: x.vehicle.id,
      startsAt: new Date(now + 10 * minute),
      endsAt: new Date(now + 70 * minute),
    });
    expect(second.spot.id).toBe(first.spot.id);

    await expect(x.caller.sessions.start({ lotId: lot.id, vehicleId: x.vehicle.id, reservationId: second.id })).rejects.toMatchObject({
      code: "CONFLICT",
      cause: { code: "CHECK_IN_TOO_EARLY" },
    });
    const parked = await y.caller.sessions.start({ lotId: lot.id, vehicleId: y.vehicle.id, reservationId: first.id });
    expect(parked.spot.id).toBe(first.spot.id);

    // The spot is occupied, and every view of it agrees.
    expect((await api.anonymous.spots.list({ lotId: lot.id })).items[0]!.status).toBe("occupied");
    expect((await api.anonymous.lots.availability({ lotId: lot.id, from: new Date(now), to: new Date(now + 10 * minute) })).available).toBe(0);
    expect((await api.anonymous.lots.byId({ id: lot.id })).available).toBe(0);
    await expect(
      z.caller.reservations.create({
        lotId: lot.id,
        vehicleId: z.vehicle.id,
        startsAt: new Date(now),
        endsAt: new Date(now + 10 * minute),
        spotId: lot.spots[0]!,
      }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(
      z.caller.reservations.create({ lotId: lot.id, vehicleId: z.vehicle.id, startsAt: new Date(now), endsAt: new Date(now + 10 * minute) }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      cause: { code: "LOT_FULL" },
    });
    expect(await sharedSpots(new Date())).toBe(0);
    await y.caller.sessions.end({ id: parked.id });
  });

  it("an early check-in moves to a spot free from now to the end when the reserved one is booked before it", async () => {
    const lot = await lotOf(2);
    const [y, x] = [await driver(), await driver()];
    const now = Date.now();
    await y.caller.reservations.create({
      lotId: lot.id,
      vehicleId: y.vehicle.id,
      startsAt: new Date(now),
      endsAt: new Date(now + 10 * minute),
      spotId: lot.spots[0]!,
    });
    const later = await x.caller.reservations.create({
      lotId: lot.id,
      vehicleId: x.vehicle.id,
      startsAt: new Date(now + 10 * minute),
      endsAt: new Date(now + 70 * minute),
      spotId: lot.spots[0]!,
    });
    const parked = await x.caller.sessions.start({ lotId: lot.id, vehicleId: x.vehicle.id, reservationId: later.id });
    expect(parked.spot.id).toBe(lot.spots[1]);
    const moved = await x.caller.reservations.byId({ id: later.id });
    expect(moved).toMatchObject({ status: "checked_in", amountCents: later.amountCents, spot: { id: lot.spots[1] } });
    expect(await sharedSpots(new Date())).toBe(0);
    await x.caller.sessions.end({ id: parked.id });
  });

  it("a walk-up never takes a spot booked within the next 15 minutes", async () => {
    const lot = await lotOf(1);
    const [booker, walker] = [await driver(), await driver()];
    const now = Date.now();
    await booker.caller.reservations.create({ lotId: lot.id, vehicleId: booker.vehicle.id, startsAt: new Date(now + 20_000), endsAt: new Date(now + hour) });
    await expect(walker.caller.sessions.start({ lotId: lot.id, vehicleId: walker.vehicle.id })).rejects.toMatchObject({
      code: "CONFLICT",
      cause: { code: "LOT_FULL" },
    });
    await expect(walker.caller.sessions.start({ lotId: lot.id, vehicleId: walker.vehicle.id, spotId: lot.spots[0]! })).rejects.toMatchObject({
      code: "CONFLICT",
      cause: { code: "SPOT_TAKEN" },
    });
    await expect(attendant.gate.enter({ lotId: lot.id, plate: `WALK${tag}` })).rejects.toMatchObject({ code: "CONFLICT" });
    // 25 seconds later there is still one claim on the spot, the booking's.
    expect(await sharedSpots(new Date(now + 25_000))).toBe(0);
  });

  it("a walk-up parks in a lot whose every spot is booked later in the day, until the first booking", async () => {
    const lot = await lotOf(2);
    const [a, b, walker] = [await driver(), await driver(), await driver()];
    const window = { startsAt: inHours(3), endsAt: inHours(5) };
    await a.caller.reservations.create({ lotId: lot.id, vehicleId: a.vehicle.id, ...window });
    await b.caller.reservations.create({ lotId: lot.id, vehicleId: b.vehicle.id, ...window });
    const parked = await walker.caller.sessions.start({ lotId: lot.id, vehicleId: walker.vehicle.id });
    expect(parked.spot.id).toBe(lot.spots[0]);
    expect(await claimOf(parked.id)).toMatchObject({ ends_at: window.startsAt, active: true });
    expect((await api.anonymous.lots.availability({ lotId: lot.id, from: new Date(), to: inHours(1) })).available).toBe(1);
    await walker.caller.sessions.end({ id: parked.id });
  });

  it("the booking after an overstaying walk-up moves to a free spot before it starts, same id and price, and its driver is told", async () => {
    const lot = await lotOf(2);
    const [booker, walker] = [await driver(), await driver()];
    const starts = inHours(3);
    const booking = await booker.caller.reservations.create({
      lotId: lot.id,
      vehicleId: booker.vehicle.id,
      startsAt: starts,
      endsAt: inHours(5),
      spotId: lot.spots[0]!,
    });
    const parked = await walker.caller.sessions.start({ lotId: lot.id, vehicleId: walker.vehicle.id, spotId: lot.spots[0]! });
    expect(await claimOf(parked.id)).toMatchObject({ ends_at: starts });

    // Half an hour before: too early to move anything.
    expect(await maintainBookings(api.deps, new Date(starts.getTime() - 30 * minute))).toMatchObject({ moved: 0, atRisk: 0 });
    // Ten minutes before, the walk-up is still there: the booking moves.
    const at = new Date(starts.getTime() - 10 * minute);
    expect(await maintainBookings(api.deps, at)).toMatchObject({ moved: 1, atRisk: 0 });
    const moved = await booker.caller.reservations.byId({ id: booking.id });
    expect(moved).toMatchObject({
      id: booking.id,
      status: "confirmed",
      amountCents: booking.amountCents,
      startsAt: booking.startsAt,
      spot: { id: lot.spots[1] },
    });
    const [notice] = await api.db.sql.query<{ recipient: string; payload: Record<string, string> }>(
      `SELECT recipient, payload FROM outbox WHERE kind = 'reservation.moved' AND payload->>'reservationId' = $1`,
      [booking.id],
    );
    expect(notice?.payload).toMatchObject({ fromSpotId: lot.spots[0], toSpotId: lot.spots[1], reason: "occupied" });
    // The walk-up now claims its spot with nothing after it.
    expect(await claimOf(parked.id)).toMatchObject({ ends_at: null, active: true });
    expect(await maintainBookings(api.deps, at)).toMatchObject({ moved: 0, atRisk: 0 });
    expect(await sharedSpots(starts)).toBe(0);
    await walker.caller.sessions.end({ id: parked.id });
  });

  it("a checked-in car's next booking moves only once the car is due to leave and has not", async () => {
    const lot = await lotOf(2);
    const [x, next] = [await driver(), await driver()];
    const start = new Date(Math.ceil((Date.now() + 5 * minute) / minute) * minute);
    const end = new Date(start.getTime() + hour);
    const mine = await x.caller.reservations.create({ lotId: lot.id, vehicleId: x.vehicle.id, startsAt: start, endsAt: end, spotId: lot.spots[0]! });
    const after = await next.caller.reservations.create({
      lotId: lot.id,
      vehicleId: next.vehicle.id,
      startsAt: end,
      endsAt: new Date(end.getTime() + hour),
      spotId: lot.spots[0]!,
    });
    const parked = await x.caller.sessions.start({ lotId: lot.id, vehicleId: x.vehicle.id, reservationId: mine.id });
    expect(await claimOf(parked.id)).toMatchObject({ ends_at: end, active: true });

    expect(await maintainBookings(api.deps, new Date(end.getTime() - 10 * minute))).toMatchObject({ moved: 0 });
    expect((await next.caller.reservations.byId({ id: after.id })).spot.id).toBe(lot.spots[0]);
    expect(await maintainBookings(api.deps, new Date(end.getTime() - 3 * minute))).toMatchObject({ moved: 1 });
    expect((await next.caller.reservations.byId({ id: after.id })).spot.id).toBe(lot.spots[1]);
    expect(await claimOf(parked.id)).toMatchObject({ ends_at: null });
    await x.caller.sessions.end({ id: parked.id });
  });

  it("a booking that cannot move is at risk: staff see it, and walk-ups stop taking spots booked later until it clears", async () => {
    const lot = await lotOf(3);
    const [b, c, d, walker, late] = [await driver(), await driver(), await driver(), await driver(), await driver()];
    const starts = inHours(3);
    const booking = await b.caller.reservations.create({ lotId: lot.id, vehicleId: b.vehicle.id, startsAt: starts, endsAt: inHours(5), spotId: lot.spots[0]! });
    await c.caller.reservations.create({ lotId: lot.id, vehicleId: c.vehicle.id, startsAt: starts, endsAt: inHours(5), spotId: lot.spots[1]! });
    await d.caller.reservations.create({ lotId: lot.id, vehicleId: d.vehicle.id, startsAt: inHours(4), endsAt: inHours(6), spotId: lot.spots[2]! });
    const parked = await walker.caller.sessions.start({ lotId: lot.id, vehicleId: walker.vehicle.id, spotId: lot.spots[0]! });

    const at = new Date(starts.getTime() - 10 * minute);
    expect(await maintainBookings(api.deps, at)).toMatchObject({ moved: 0, atRisk: 1 });
    const board = await occupancy(api.deps, lot.id, at);
    expect(board.atRisk).toEqual([
      { reservationId: booking.id, spotId: lot.spots[0], startsAt: booking.startsAt, endsAt: booking.endsAt, occupantPlate: walker.vehicle.plate },
    ]);
    // Spot 3 is free for the next 70 minutes, but a walk-up there could overstay too.
    await expect(startSession(api.deps, late.id, { lotId: lot.id, vehicleId: late.vehicle.id }, at)).rejects.toMatchObject({ code: "LOT_FULL" });

    await endSession(api.deps, { id: walker.id, role: "user", requestId: "test" }, parked.id, new Date(at.getTime() + minute));
    const cleared = new Date(at.getTime() + 2 * minute);
    expect((await occupancy(api.deps, lot.id, cleared)).atRisk).toEqual([]);
    const admitted = await startSession(api.deps, late.id, { lotId: lot.id, vehicleId: late.vehicle.id }, cleared);
    expect(admitted.spot.id).toBe(lot.spots[2]);
    await endSession(api.deps, { id: late.id, role: "user", requestId: "test" }, admitted.id, new Date(cleared.getTime() + minute));
  });

  it("checking in while a car still stands on the reserved spot moves the reservation to a free one", async () => {
    const lot = await lotOf(2);
    const [d, walker] = [await driver(), await driver()];
    const now = Date.now();
    const r = await d.caller.reservations.create({
      lotId: lot.id,
      vehicleId: d.vehicle.id,
      startsAt: new Date(now + 10 * minute),
      endsAt: inHours(2),
      spotId: lot.spots[0]!,
    });
    // The walk-up arrived half an hour ago, when the spot was free for 40 minutes.
    const squatting = await startSession(
      api.deps,
      walker.id,
      { lotId: lot.id, vehicleId: walker.vehicle.id, spotId: lot.spots[0]! },
      new Date(now - 30 * minute),
    );
    const s = await d.caller.sessions.start({ lotId: lot.id, vehicleId: d.vehicle.id, reservationId: r.id });
    expect(s.spot.id).toBe(lot.spots[1]);
    expect((await d.caller.reservations.byId({ id: r.id })).spot.id).toBe(lot.spots[1]);
    await walker.caller.sessions.end({ id: squatting.id });
    await d.caller.sessions.end({ id: s.id });
  });

  it("out of service moves the spot's bookings ahead to free spots, or changes nothing when one cannot move", async () => {
    const lot = await lotOf(2);
    const [a, e] = [await driver(), await driver()];
    const window = { startsAt: inHours(2), endsAt: inHours(3) };
    const booking = await a.caller.reservations.create({ lotId: lot.id, vehicleId: a.vehicle.id, ...window, spotId: lot.spots[0]! });
    expect((await attendant.spots.setOutOfService({ id: lot.spots[0]!, outOfService: true })).status).toBe("out_of_service");
    expect((await a.caller.reservations.byId({ id: booking.id })).spot.id).toBe(lot.spots[1]);
    const [notice] = await api.db.sql.query<{ payload: Record<string, string> }>(
      `SELECT payload FROM outbox WHERE kind = 'reservation.moved' AND payload->>'reservationId' = $1`,
      [booking.id],
    );
    expect(notice?.payload).toMatchObject({ reason: "out_of_service", toSpotId: lot.spots[1] });

    await attendant.spots.setOutOfService({ id: lot.spots[0]!, outOfService: false });
    await e.caller.reservations.create({ lotId: lot.id, vehicleId: e.vehicle.id, ...window, spotId: lot.spots[0]! });
    await expect(attendant.spots.setOutOfService({ id: lot.spots[1]!, outOfService: true })).rejects.toMatchObject({
      code: "CONFLICT",
      cause: { code: "SPOT_HAS_BOOKINGS" },
    });
    expect((await a.caller.reservations.byId({ id: booking.id })).spot.id).toBe(lot.spots[1]);
    expect((await api.anonymous.spots.list({ lotId: lot.id })).items.map((s) => s.status)).toEqual(["available", "available"]);
  });
});
