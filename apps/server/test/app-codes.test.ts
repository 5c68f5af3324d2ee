// A client tells refusals apart by data.appCode alone: each state a record can
// be in when a call comes too late or too early has its own code on the wire.
import { appCode, fieldErrors } from "@park/sdk";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { errorCode, register, rejection, startServer, unique, type Account, type TestServer } from "./helpers.ts";

const hour = 3_600_000;
let server: TestServer;
let admin: Account;
let driver: Account;
let lotId: string;
let plates = 0;

const plate = () => `AC${Date.now().toString(36)}${++plates}`.toUpperCase().slice(0, 12);
const vehicle = async () => (await driver.client.vehicles.create.mutate({ plate: plate() })).id;

async function refusal(call: Promise<unknown>) {
  const error = await rejection(call);
  return { code: errorCode(error), appCode: appCode(error), fields: Object.keys(fieldErrors(error)) };
}

beforeAll(async () => {
  server = await startServer("pglite");
  admin = await register(server, "admin", "codes_admin");
  driver = await register(server, "user", "codes_driver");
  lotId = (await admin.client.lots.create.mutate({ name: unique("Codes "), address: "1 Code Street", city: "Codeville", hourlyRateCents: 200, capacity: 3 }))
    .id;
});

afterAll(async () => {
  await server?.stop();
});

describe("window rules carry their own appCode beside the field errors", () => {
  test.each([
    ["WINDOW_IN_PAST", () => ({ startsAt: new Date(Date.now() - 2 * hour), endsAt: new Date(Date.now() + hour) }), "startsAt"],
    ["WINDOW_TOO_FAR_AHEAD", () => ({ startsAt: new Date(Date.now() + 100 * 24 * hour), endsAt: new Date(Date.now() + 100 * 24 * hour + hour) }), "startsAt"],
    ["WINDOW_EMPTY", () => ({ startsAt: new Date(Date.now() + 2 * hour), endsAt: new Date(Date.now() + hour) }), "endsAt"],
    ["WINDOW_TOO_LONG", () => ({ startsAt: new Date(Date.now() + hour), endsAt: new Date(Date.now() + 9 * 24 * hour) }), "endsAt"],
  ])("%s", async (code, window, field) => {
    const answer = await refusal(driver.client.reservations.create.mutate({ lotId, vehicleId: await vehicle(), ...window() }));
    expect(answer).toEqual({ code: "BAD_REQUEST", appCode: code, fields: [field] });
  });

  test("problems of different kinds in one input fall back to INVALID_INPUT", async () => {
    const answer = await refusal(
      driver.client.reservations.create.mutate({ lotId: "not-an-id", vehicleId: await vehicle(), startsAt: new Date(0), endsAt: new Date(1) }),
    );
    expect(answer.code).toBe("BAD_REQUEST");
    expect(answer.appCode).toBe("INVALID_INPUT");
  });
});

describe("record states", () => {
  test("a reservation: cancelled once, then RESERVATION_NOT_CONFIRMED; checked in: not cancellable", async () => {
    const startsAt = new Date(Date.now() + 30 * 24 * hour);
    const booked = await driver.client.reservations.create.mutate({ lotId, vehicleId: await vehicle(), startsAt, endsAt: new Date(startsAt.getTime() + hour) });
    await driver.client.reservations.cancel.mutate({ id: booked.id });
    expect(await refusal(driver.client.reservations.cancel.mutate({ id: booked.id }))).toMatchObject({
      code: "CONFLICT",
      appCode: "RESERVATION_NOT_CONFIRMED",
    });
    expect(await refusal(driver.client.sessions.start.mutate({ lotId, vehicleId: booked.vehicle.id, reservationId: booked.id }))).toMatchObject({
      code: "CONFLICT",
      appCode: "RESERVATION_NOT_CONFIRMED",
    });
  });

  test("a reservation that has started: RESERVATION_STARTED", async () => {
    const startsAt = new Date(Date.now() + 60_000);
    const booked = await driver.client.reservations.create.mutate({ lotId, vehicleId: await vehicle(), startsAt, endsAt: new Date(startsAt.getTime() + hour) });
    await server.prisma.reservation.update({ where: { id: booked.id }, data: { startsAt: new Date(Date.now() - 60_000) } });
    expect(await refusal(driver.client.reservations.cancel.mutate({ id: booked.id }))).toMatchObject({ code: "CONFLICT", appCode: "RESERVATION_STARTED" });
  });

  test("a session: paid before its end SESSION_NOT_ENDED, ended twice SESSION_ENDED, settled SESSION_SETTLED", async () => {
    const session = await driver.client.sessions.start.mutate({ lotId, vehicleId: await vehicle() });
    expect(await refusal(driver.client.sessions.pay.mutate({ id: session.id, method: "card" }))).toMatchObject({
      code: "CONFLICT",
      appCode: "SESSION_NOT_ENDED",
    });
    await driver.client.sessions.end.mutate({ id: session.id });
    expect(await refusal(driver.client.sessions.end.mutate({ id: session.id }))).toMatchObject({ code: "CONFLICT", appCode: "SESSION_ENDED" });
    // A stay within the grace period is waived: nothing is left to pay.
    expect(await refusal(driver.client.sessions.pay.mutate({ id: session.id, method: "card" }))).toMatchObject({
      code: "CONFLICT",
      appCode: "SESSION_SETTLED",
    });
  });

  test("names and plates taken: NAME_TAKEN, PLATE_TAKEN", async () => {
    const lot = await admin.client.lots.byId.query({ id: lotId });
    expect(await refusal(admin.client.levels.create.mutate({ lotId, name: lot.levels[0]!.name }))).toMatchObject({ code: "CONFLICT", appCode: "NAME_TAKEN" });
    const taken = plate();
    await driver.client.vehicles.create.mutate({ plate: taken });
    expect(await refusal(driver.client.vehicles.create.mutate({ plate: taken }))).toMatchObject({ code: "CONFLICT", appCode: "PLATE_TAKEN" });
  });
});
