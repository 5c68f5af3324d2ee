// Every procedure, called by every role with valid input taken apart in every
// way and with anything at all: never INTERNAL_SERVER_ERROR, and a refused
// call leaves every table as it was. fast-check prints the seed and path of a
// failure; FUZZ_SEED replays it and FUZZ_RUNS runs more cases per procedure.
import { TRPCError } from "@trpc/server";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "../../src/root.ts";
import { ZodError } from "zod";
import { inputsAround, nastyString, nastyValue } from "./arbitraries.ts";
import { fingerprint } from "./fingerprint.ts";
import { createTestApi, databases, inHours, type Caller, type TestApi } from "../harness.ts";
import { callByPath, procedurePaths, type ProcedurePath } from "./procedures.ts";

const runs = Number(process.env.FUZZ_RUNS ?? 10);
const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

const roles = ["anonymous", "user", "attendant", "admin"] as const;
type Role = (typeof roles)[number];

/** A cursor as the lists write them, of any value JSON can hold; "" for the rest. */
function encodeAnything(value: unknown): string {
  try {
    return Buffer.from(JSON.stringify(value) ?? "").toString("base64url");
  } catch {
    return "";
  }
}

/**
 * The error a call was refused with, or null when it succeeded. Anything but
 * a TRPCError is a failure of the API itself; its message, cut short, is
 * enough to see why (the whole of a database error drowns the seed).
 */
async function refusal(call: Promise<unknown>): Promise<TRPCError | null> {
  const error = await call.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (error === null || error instanceof TRPCError) return error;
  throw new Error(`threw something else than a TRPCError: ${String(error).slice(0, 500)}`);
}

/** Subscriptions resolve to an iterator that has not started: closing it starts nothing. */
async function settle(result: unknown) {
  if (result !== null && typeof result === "object" && Symbol.asyncIterator in result) {
    await (result as AsyncGenerator).return(undefined);
  }
}

describe.each(databases)("fuzzing every procedure on %s", (kind) => {
  let api: TestApi;
  let callers: Record<Role, Caller>;
  let valid: Record<ProcedurePath, unknown>;

  beforeAll(async () => {
    api = await createTestApi(kind);
    const admin = (await api.signUp("admin")).caller;
    const attendant = (await api.signUp("attendant")).caller;
    const promoted = await api.signUp();
    const user = (await api.signUp()).caller;
    callers = { anonymous: api.anonymous, user, attendant, admin };

    const lot = await admin.lots.create({ name: "Fuzz", address: "1 Fuzz St", city: "Fuzzton", hourlyRateCents: 250, capacity: 8, lat: 10, lng: 20 });
    const doomed = await admin.lots.create({ name: "Doomed", address: "x", city: "Fuzzton", hourlyRateCents: 100, capacity: 1 });
    // A second lot within reach, so that lists by distance have a next page.
    await admin.lots.create({ name: "Nearby", address: "x", city: "Fuzzton", hourlyRateCents: 100, capacity: 1, lat: 10.01, lng: 20.01 });
    const level = lot.levels[0]!;
    const row = level.rows[0]!;
    const spot = (await api.anonymous.spots.list({ lotId: lot.id })).items.at(-1)!;
    const [car, spare, parker, leaver] = await Promise.all(["FUZZ1", "FUZZ2", "FUZZ3", "FUZZ4"].map((plate) => user.vehicles.create({ plate })));
    const reservation = await user.reservations.create({ lotId: lot.id, vehicleId: car!.id, startsAt: inHours(5), endsAt: inHours(6) });
    const cancellable = await user.reservations.create({ lotId: lot.id, vehicleId: car!.id, startsAt: inHours(8), endsAt: inHours(9) });
    const parked = await user.sessions.start({ lotId: lot.id, vehicleId: parker!.id });
    const left = await user.sessions.end({ id: (await user.sessions.start({ lotId: lot.id, vehicleId: leaver!.id })).id });
    const window = { startsAt: inHours(10), endsAt: inHours(11) };
    // Two job runs, so that their list has a second page.
    for (let i = 0; i < 2; i++) await admin.admin.jobs.run({ job: "exportAll" });
    const [dead] = await api.db.prisma.outboxMessage.updateManyAndReturn({
      where: { kind: "reservation.confirmed", payload: { equals: { reservationId: reservation.id } } },
      data: { status: "dead", attempts: 8, lastError: "421 try later" },
    });
    // A token that passes validation and reaches the service without matching any:
    // reusing a real one would revoke its family, a change made by design.
    const unknownToken = "u".repeat(43);

    valid = {
      "health.check": undefined,
      "auth.register": { username: "fuzzer", email: "fuzzer@example.com", password: "password123", phone: "+351 912 345 678" },
      "auth.login": { login: "fuzzer", password: "password123" },
      "auth.refresh": { refreshToken: unknownToken },
      "auth.logout": { refreshToken: unknownToken },
      "auth.me": undefined,
      "auth.changePassword": { currentPassword: "password123", newPassword: "password456" },
      "lots.list": { city: "Fuzzton", search: "Fuzz", near: { lat: 10, lng: 20, radiusKm: 50 }, limit: 5 },
      "lots.byId": { id: lot.id },
      "lots.create": {
        name: "New",
        address: "a",
        city: "c",
        lat: 1,
        lng: 2,
        timezone: "Europe/Lisbon",
        hourlyRateCents: 100,
        dailyMaxCents: 1_000,
        graceMinutes: 5,
        billingIncrementMinutes: 15,
        currency: "EUR",
        amenities: ["ev"],
        openingHours: { mon: [{ open: "08:00", close: "20:00" }] },
        layout: { levels: [{ name: "P1", rows: [{ name: "A", spots: 2, kind: "ev" }] }] },
      },
      "lots.update": { id: lot.id, hourlyRateCents: 300, amenities: ["roof"], capacity: 8 },
      "lots.delete": { id: doomed.id },
      "lots.availability": { lotId: lot.id, from: window.startsAt, to: window.endsAt, vehicleType: "car" },
      "lots.occupancy": { lotId: lot.id },
      "lots.onAvailability": { lotId: lot.id },
      "levels.list": { lotId: lot.id },
      "levels.create": { lotId: lot.id, name: "Roof" },
      "rows.list": { levelId: level.id },
      "rows.create": { levelId: level.id, name: "Z", spots: 2, kind: "compact" },
      "spots.list": { lotId: lot.id, levelId: level.id, rowId: row.id, status: "available", limit: 5 },
      "spots.create": { rowId: row.id, label: "99", kind: "ev" },
      "spots.setOutOfService": { id: spot.id, outOfService: true },
      "vehicles.list": undefined,
      "vehicles.create": { plate: "NEW-123", type: "van", label: "Work" },
      "vehicles.remove": { id: spare!.id },
      "reservations.quote": { lotId: lot.id, ...window },
      "reservations.create": { lotId: lot.id, vehicleId: car!.id, ...window, spotKind: "standard" },
      "reservations.list": { status: "confirmed", lotId: lot.id, limit: 5 },
      "reservations.byId": { id: reservation.id },
      "reservations.cancel": { id: cancellable.id },
      "sessions.start": { lotId: lot.id, vehicleId: car!.id, reservationId: reservation.id },
      "sessions.end": { id: parked.id },
      "sessions.pay": { id: left.id, method: "card" },
      "sessions.list": { active: true, limit: 5 },
      "gate.enter": { lotId: lot.id, plate: "GATE1" },
      "gate.exit": { lotId: lot.id, plate: "GATE1" },
      "exports.history": { email: false },
      "admin.users.list": { search: "fuzz", role: "user", disabled: false, limit: 5 },
      "admin.users.update": { id: promoted.id, role: "attendant", disabled: false },
      "admin.audit.list": { targetType: "lot", action: "lot.create", from: new Date(0), to: new Date(), limit: 5 },
      "admin.reports.summary": { from: "2026-03-28", to: "2026-03-30", lotId: lot.id },
      "admin.jobs.run": { job: "dailyAdminReport" },
      "admin.jobs.list": { job: "dailyAdminReport", limit: 5 },
      "admin.mail.list": { status: "pending", limit: 5 },
      "admin.mail.retry": { id: dead!.id },
    };
  }, 120_000);
  afterAll(() => api.close());

  it("has a valid input for every procedure of the router", () => {
    expect(Object.keys(valid).sort()).toEqual(procedurePaths(appRouter));
  });

  it("answers crafted and random cursors on every paged list with a page or an invalid cursor", async () => {
    const paged = Object.entries(valid).filter(([, input]) => input !== null && typeof input === "object" && "limit" in input);
    // The first page of each list, by each order it pages in.
    const firstPages: { path: string; input: Record<string, unknown>; role?: Role }[] = [
      { path: "lots.list", input: { limit: 1 } },
      { path: "lots.list", input: { near: { lat: 10, lng: 20, radiusKm: 50 }, limit: 1 } },
      { path: "spots.list", input: { limit: 1 } },
      { path: "reservations.list", input: { limit: 1 } },
      { path: "sessions.list", input: { limit: 1 } },
      { path: "admin.users.list", input: { limit: 1 }, role: "admin" },
      { path: "admin.audit.list", input: { limit: 1 }, role: "admin" },
      { path: "admin.jobs.list", input: { limit: 1 }, role: "admin" },
      { path: "admin.mail.list", input: { limit: 1 }, role: "admin" },
    ];
    expect([...new Set(firstPages.map((p) => p.path))].sort()).toEqual(paged.map(([path]) => path).sort());

    for (const { path, input, role = "user" } of firstPages) {
      const { nextCursor } = (await callByPath(callers[role], path, input)) as { nextCursor: string | null };
      expect(nextCursor, `${path} has a second page to point at`).toBeTypeOf("string");
      const key: unknown = JSON.parse(Buffer.from(nextCursor!, "base64url").toString("utf8"));
      const cursors = fc.oneof(
        { arbitrary: inputsAround(key).map(encodeAnything), weight: 6 },
        { arbitrary: nastyValue.map(encodeAnything), weight: 2 },
        {
          arbitrary: fc.string({ unit: fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/"), maxLength: 120 }),
          weight: 1,
        },
        { arbitrary: nastyString, weight: 1 },
      );
      const property = fc.asyncProperty(cursors, async (cursor) => {
        const error = await refusal(callByPath(callers[role], path, { ...input, cursor }));
        if (error === null) return;
        const refusedAsCursor =
          error.message === "Invalid cursor" || (error.cause instanceof ZodError && error.cause.issues.every((i) => i.path[0] === "cursor"));
        if (error.code !== "BAD_REQUEST" || !refusedAsCursor) throw new Error(`${path} answered ${error.code} "${error.message.slice(0, 300)}" to a cursor`);
      });
      await fc.assert(property, { numRuns: runs * 2, ...(seed === undefined ? {} : { seed }) });
    }
  }, 120_000);

  it.each(procedurePaths(appRouter))(
    "%s",
    async (path) => {
      expect(Object.keys(valid), `${path} has no valid input to fuzz from`).toContain(path);
      const property = fc.asyncProperty(fc.constantFrom(...roles), inputsAround(valid[path as ProcedurePath]), async (role, input) => {
        const before = await fingerprint(api.db);
        const error = await refusal(callByPath(callers[role], path, input).then(settle));
        if (error === null) return;
        if (error.code === "INTERNAL_SERVER_ERROR") throw new Error(`${path} as ${role} failed inside: ${String(error.cause ?? error).slice(0, 500)}`);
        expect(await fingerprint(api.db), `${path} as ${role} refused with ${error.code} but changed the database`).toEqual(before);
      });
      await fc.assert(property, { numRuns: runs, ...(seed === undefined ? {} : { seed }) });
    },
    120_000,
  );
});
