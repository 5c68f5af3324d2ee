// Each API instance owns its change feed, read cache and clock: two instances
// in one process (two tests, two servers) never see each other's signals, and
// a service reads the time from the clock it was given.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApi, createContextInner } from "../../src/context.ts";
import { createTokenIssuer } from "../../src/domains/auth/tokens.ts";
import { createCaller } from "../../src/root.ts";
import { AppError } from "../../src/shared/errors.ts";
import { createReservation } from "../../src/domains/reservations/service.ts";
import { createTestApi, hour, inHours, type TestApi } from "../harness.ts";

describe("API instances", () => {
  let api: TestApi;
  let other: ReturnType<typeof createApi>;

  beforeAll(async () => {
    api = await createTestApi("pglite");
    other = createApi({
      db: api.db.prisma,
      tokens: createTokenIssuer({ secret: "y".repeat(48) }),
      log: { info() {}, warn() {}, error() {} },
      pingDb: async () => true,
      limits: { loginFailuresPerAddress: 100, registrationsPerAddress: 100, subscriptionsPerClient: 10 },
    });
  });

  afterAll(async () => {
    other?.close();
    await api?.close();
  });

  it("signal only their own listeners", async () => {
    const heard = { mine: [] as string[], theirs: [] as string[] };
    const stopMine = api.deps.changes.onLotChanged((lotId) => heard.mine.push(lotId));
    const stopTheirs = other.changes.onLotChanged((lotId) => heard.theirs.push(lotId));
    const admin = await api.signUp("admin");
    const lot = await admin.caller.lots.create({ name: "Own feed", address: "1 Feed St", city: "Feedham", hourlyRateCents: 100, capacity: 1 });
    stopMine();
    stopTheirs();
    expect(heard.mine).toEqual([lot.id]);
    expect(heard.theirs).toEqual([]);
  });

  it("keep their own read caches: a change through one clears its own cache, not the other's", async () => {
    const admin = await api.signUp("admin");
    const lot = await admin.caller.lots.create({ name: "Cached", address: "2 Cache Rd", city: "Cacheby", hourlyRateCents: 100, capacity: 1 });
    const viaOther = createCaller(createContextInner(other));
    expect((await viaOther.lots.byId({ id: lot.id })).name).toBe("Cached");
    expect((await api.anonymous.lots.byId({ id: lot.id })).name).toBe("Cached");
    await admin.caller.lots.update({ id: lot.id, name: "Renamed" });
    // This instance heard its own change at once; the other keeps its second-old answer.
    expect((await api.anonymous.lots.byId({ id: lot.id })).name).toBe("Renamed");
    expect((await viaOther.lots.byId({ id: lot.id })).name).toBe("Cached");
  });

  it("read the time from their clock", async () => {
    const later = new Date(Date.now() + 30 * 24 * hour);
    const moved = await createTestApi("pglite", { clock: { now: () => later } });
    try {
      const driver = await moved.signUp();
      const lot = await (
        await moved.signUp("admin")
      ).caller.lots.create({ name: "Clocked", address: "3 Time Sq", city: "Clockton", hourlyRateCents: 100, capacity: 1 });
      const vehicle = await driver.caller.vehicles.create({ plate: "CLOCK1" });
      // A window an hour from the wall clock lies a month in the past for this instance.
      const startsAt = inHours(1);
      const refused = await createReservation(moved.deps, driver.id, {
        lotId: lot.id,
        vehicleId: vehicle.id,
        startsAt,
        endsAt: new Date(startsAt.getTime() + hour),
      }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(AppError);
      expect((refused as AppError).code).toBe("WINDOW_IN_PAST");
      const inTime = new Date(later.getTime() + hour);
      const booked = await createReservation(moved.deps, driver.id, {
        lotId: lot.id,
        vehicleId: vehicle.id,
        startsAt: inTime,
        endsAt: new Date(inTime.getTime() + hour),
      });
      expect(booked.status).toBe("confirmed");
    } finally {
      await moved.close();
    }
  });
});
