// Business rules hold for any caller of a service, not only for input that came
// through a procedure's schema: a job or a script calls the service directly.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../../src/shared/errors.ts";
import { availability } from "../../src/domains/lots/service.ts";
import { createReservation, quote } from "../../src/domains/reservations/service.ts";
import { createTestApi, databases, hour, inHours, type TestApi } from "../harness.ts";

async function refusal(call: Promise<unknown>): Promise<AppError> {
  const error = await call.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe.each(databases)("window rules in the services (%s)", (kind) => {
  let api: TestApi;
  let userId: string;
  let lotId: string;
  let vehicleId: string;

  beforeAll(async () => {
    api = await createTestApi(kind);
    const admin = await api.signUp("admin");
    const driver = await api.signUp();
    userId = driver.id;
    lotId = (await admin.caller.lots.create({ name: "Rules", address: "1 Rule Row", city: "Ruleton", hourlyRateCents: 100, capacity: 2 })).id;
    vehicleId = (await driver.caller.vehicles.create({ plate: "RULE1" })).id;
  });

  afterAll(async () => {
    await api?.close();
  });

  it("createReservation books nothing in the past", async () => {
    const startsAt = new Date(Date.now() - 3 * hour);
    const error = await refusal(createReservation(api.deps, userId, { lotId, vehicleId, startsAt, endsAt: new Date(startsAt.getTime() + hour) }));
    expect(error.code).toBe("WINDOW_IN_PAST");
    expect(error.details).toEqual({ field: "startsAt" });
    expect(await api.db.prisma.reservation.count({ where: { userId } })).toBe(0);
  });

  it("createReservation measures the window against the now it is given", async () => {
    const now = new Date(Date.now() + 200 * 24 * hour);
    const startsAt = inHours(2);
    const error = await refusal(createReservation(api.deps, userId, { lotId, vehicleId, startsAt, endsAt: new Date(startsAt.getTime() + hour) }, now));
    expect(error.code).toBe("WINDOW_IN_PAST");
    expect(await api.db.prisma.reservation.count({ where: { userId } })).toBe(0);
  });

  it("quote refuses a window that ends before it starts, availability one that is too long", async () => {
    const startsAt = inHours(3);
    expect((await refusal(quote(api.deps, { lotId, startsAt, endsAt: inHours(2) }))).code).toBe("WINDOW_EMPTY");
    const tooLong = await refusal(availability(api.deps, { lotId, from: startsAt, to: inHours(3 + 8 * 24) }));
    expect(tooLong.code).toBe("WINDOW_TOO_LONG");
    expect(tooLong.details).toEqual({ field: "to" });
  });

  it("a valid window still books", async () => {
    const startsAt = inHours(5);
    const booked = await createReservation(api.deps, userId, { lotId, vehicleId, startsAt, endsAt: new Date(startsAt.getTime() + hour) });
    expect(booked.status).toBe("confirmed");
  });
});
