// Live availability: however many clients watch a lot, a change costs one
// count of its free spots, and every watcher ends up with the latest value.
import { setMaxListeners } from "node:events";
import { watchSlowdown } from "@park/db/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createContextInner } from "../../src/context.ts";
import { createCaller } from "../../src/root.ts";
import { createAvailabilityHub, type AvailabilityHub, type AvailabilityUpdate } from "../../src/domains/lots/availability-hub.ts";
import { availableNow } from "../../src/domains/lots/service.ts";
import { createTestApi, databases, type Caller, type TestApi } from "../harness.ts";

/** The statement that counts a watched lot's free spots. */
const isCount = (sql: string) => sql.includes(`AS "changesAt"`);

const settle = (ms = 200) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(databases)("lots.onAvailability on %s", (kind) => {
  let api: TestApi;
  let admin: Caller;
  let counts = 0;
  const tag = Date.now().toString(36).slice(-5).toUpperCase();
  let plates = 0;

  beforeAll(async () => {
    api = await createTestApi(kind, { onQuery: (sql) => void (isCount(sql) && counts++) });
    admin = (await api.signUp("admin")).caller;
  });
  afterAll(() => api.close());

  async function parkedCar(lotId: string) {
    const driver = await api.signUp();
    const vehicle = await driver.caller.vehicles.create({ plate: `AV${tag}${plates++}` });
    return driver.caller.sessions.start({ lotId, vehicleId: vehicle.id });
  }

  it("200 subscribers and one change: one count, and every subscriber gets the new value", async () => {
    const lot = await admin.lots.create({ name: `Watched ${tag}`, address: "x", city: "Livetown", hourlyRateCents: 100, capacity: 5 });
    const abort = new AbortController();
    setMaxListeners(0, abort.signal);
    const caller = createCaller(createContextInner(api.deps), { signal: abort.signal });
    try {
      const streams = await Promise.all(Array.from({ length: 200 }, async () => (await caller.lots.onAvailability({ lotId: lot.id }))[Symbol.asyncIterator]()));
      const first = await Promise.all(streams.map((stream) => stream.next()));
      expect(first.map((r) => r.value?.available)).toEqual(Array(200).fill(5));

      await settle();
      counts = 0;
      await parkedCar(lot.id);
      const next = await Promise.all(streams.map((stream) => stream.next()));
      expect(next.map((r) => r.value?.available)).toEqual(Array(200).fill(4));
      await settle();
      expect(counts).toBe(1);
    } finally {
      abort.abort();
    }
  });
});

describe.each(databases)("the availability hub on %s", (kind) => {
  let api: TestApi;
  let admin: Caller;
  let attendant: Caller;
  let hub: AvailabilityHub | undefined;
  let counts = 0;
  /** Counts that have read the database. */
  let reads = 0;
  /** While set, a count reads the database and then waits for it, as a slow count under load would. */
  let gate: Promise<void> | undefined;
  const tag = Date.now().toString(36).slice(-5).toUpperCase();

  beforeAll(async () => {
    api = await createTestApi(kind);
    admin = (await api.signUp("admin")).caller;
    attendant = (await api.signUp("attendant")).caller;
  });
  afterEach(() => hub?.close());
  afterAll(() => api.close());

  function openHub(options: { maxQuietMs?: number } = {}) {
    counts = 0;
    reads = 0;
    hub = createAvailabilityHub({
      services: api.deps,
      count: async (lotId) => {
        counts++;
        const counted = await availableNow(api.deps, lotId);
        reads++;
        await gate;
        return counted;
      },
      // Signals come from the test alone, so each count is accounted for.
      followLotChanges: false,
      ...options,
    });
    return hub;
  }

  async function lotOf(capacity: number) {
    const lot = await admin.lots.create({ name: `Hub ${tag}`, address: "x", city: "Hubtown", hourlyRateCents: 100, capacity });
    const spots = (await api.anonymous.spots.list({ lotId: lot.id, limit: 100 })).items.map((s) => s.id);
    return { id: lot.id, spots };
  }

  function watchers(hub: AvailabilityHub, lotId: string, n: number, signal?: AbortSignal) {
    return Array.from({ length: n }, () => hub.watch(lotId, signal));
  }

  const nextValues = (streams: AsyncGenerator<AvailabilityUpdate, void>[]) =>
    Promise.all(streams.map(async (stream) => (await stream.next()).value?.available));

  it("200 watchers cost one count to start and one per change", async () => {
    const hub = openHub();
    const lot = await lotOf(5);
    const streams = watchers(hub, lot.id, 200);
    expect(await nextValues(streams)).toEqual(Array(200).fill(5));
    expect(counts).toBe(1);

    await attendant.spots.setOutOfService({ id: lot.spots[0]!, outOfService: true });
    hub.changed(lot.id);
    expect(await nextValues(streams)).toEqual(Array(200).fill(4));
    await settle();
    expect(counts).toBe(2);
    await Promise.all(streams.map((stream) => stream.return()));
  });

  it("a burst of 50 changes costs a few counts, and every watcher ends on the final value", async () => {
    const hub = openHub();
    const lot = await lotOf(60);
    const eager = watchers(hub, lot.id, 50);
    const idle = watchers(hub, lot.id, 50);
    expect(await nextValues([...eager, ...idle])).toEqual(Array(100).fill(60));
    expect(counts).toBe(1);

    let release!: () => void;
    gate = new Promise((resolve) => (release = resolve));
    const seen: (number | undefined)[] = [];
    const reading = (async () => {
      for (;;) {
        const value = (await eager[0]!.next()).value?.available;
        seen.push(value);
        if (value === 10 || value === undefined) return;
      }
    })();
    try {
      // A count is under way, its reading done, when the rest of the burst arrives.
      await attendant.spots.setOutOfService({ id: lot.spots[0]!, outOfService: true });
      hub.changed(lot.id);
      await vi.waitFor(() => expect(reads).toBe(2));
      for (const spot of lot.spots.slice(1, 50)) {
        await attendant.spots.setOutOfService({ id: spot, outOfService: true });
        hub.changed(lot.id);
      }
    } finally {
      gate = undefined;
      release();
    }
    const slowdownWatch = watchSlowdown();
    const released = Date.now();
    await reading;
    const recountedAfter = Date.now() - released;
    // The changes the count in flight missed caused one more at once (a second on a quiet machine).
    expect(recountedAfter).toBeLessThan(1_000 * (await slowdownWatch.stop()));
    await settle();
    // The first, one in flight when the burst came, and one after it.
    expect(counts).toBe(3);
    expect(seen.at(-1)).toBe(10);
    expect(await nextValues([...eager.slice(1), ...idle])).toEqual(Array(99).fill(10));
  });

  it("a lot changed without pause is counted about every 50 ms, neither per change nor never", async () => {
    const hub = openHub();
    const lot = await lotOf(3);
    const streams = watchers(hub, lot.id, 10);
    expect(await nextValues(streams)).toEqual(Array(10).fill(3));
    await settle();
    counts = 0;
    let changes = 0;
    const started = Date.now();
    // At least 600 ms and more than 100 changes, however slowly a busy machine runs the loop.
    while (Date.now() - started < 600 || changes <= 100) {
      hub.changed(lot.id);
      changes++;
      await settle(2);
    }
    const elapsed = Date.now() - started;
    await settle();
    expect(counts).toBeGreaterThanOrEqual(4);
    // One count per 50 ms at most, and a trailing one: 15 over the usual 600 ms.
    expect(counts).toBeLessThanOrEqual(Math.ceil(elapsed / 50) + 3);
    expect(counts).toBeLessThan(changes / 4);
    await Promise.all(streams.map((stream) => stream.return()));
  });

  it("counts a lot again the moment a claim on it starts and ends, and not otherwise", async () => {
    const hub = openHub();
    const lot = await lotOf(3);
    const streams = watchers(hub, lot.id, 20);
    expect(await nextValues(streams)).toEqual(Array(20).fill(3));
    // Nothing written, nothing due: no polling.
    await settle(600);
    expect(counts).toBe(1);

    // A claim written behind the hub's back starts 400 ms from now and lasts 400 ms.
    // Each recount is due within 250 ms of its moment on a quiet machine; the bound scales with how much slower this one is.
    const slowdownWatch = watchSlowdown();
    const startsAt = new Date(Date.now() + 400);
    const endsAt = new Date(startsAt.getTime() + 400);
    await api.db.sql.query(`INSERT INTO spot_holds (spot_id, starts_at, ends_at, active) VALUES ($1, $2, $3, true)`, [lot.spots[0], startsAt, endsAt]);
    // Only a count learns of it, and that count then knows when to look again.
    hub.changed(lot.id);
    await vi.waitFor(() => expect(counts).toBe(2));
    expect(await nextValues(streams)).toEqual(Array(20).fill(2));
    const taken = Date.now();
    expect(await nextValues(streams)).toEqual(Array(20).fill(3));
    const freed = Date.now();
    const slowdown = await slowdownWatch.stop();
    expect(taken - startsAt.getTime()).toBeGreaterThanOrEqual(0);
    expect(taken - startsAt.getTime()).toBeLessThan(250 * slowdown);
    expect(freed - endsAt.getTime()).toBeGreaterThanOrEqual(0);
    expect(freed - endsAt.getTime()).toBeLessThan(250 * slowdown);
    await settle(400);
    expect(counts).toBe(4);
    await Promise.all(streams.map((stream) => stream.return()));
  });

  it("counts a lot nobody signals about at least every maxQuietMs, as a safety net", async () => {
    const hub = openHub({ maxQuietMs: 100 });
    const lot = await lotOf(3);
    const streams = watchers(hub, lot.id, 100);
    expect(await nextValues(streams)).toEqual(Array(100).fill(3));

    // A write no trigger told anyone of: the hub hears nothing.
    await api.db.sql.exec(`UPDATE spots SET out_of_service = true WHERE id = '${lot.spots[0]}'`);
    expect(await nextValues(streams)).toEqual(Array(100).fill(2));
    counts = 0;
    await settle(1_000);
    // One lot, one timer: about ten counts in a second, not one per watcher.
    expect(counts).toBeGreaterThanOrEqual(3);
    expect(counts).toBeLessThanOrEqual(12);
    await Promise.all(streams.map((stream) => stream.return()));
  });

  it("changedAll() counts every watched lot again, once each", async () => {
    const hub = openHub();
    const [a, b] = [await lotOf(2), await lotOf(4)];
    const streams = [...watchers(hub, a.id, 5), ...watchers(hub, b.id, 5)];
    expect(await nextValues(streams)).toEqual([...Array(5).fill(2), ...Array(5).fill(4)]);
    await api.db.sql.exec(`UPDATE spots SET out_of_service = true WHERE id IN ('${a.spots[0]}', '${b.spots[0]}')`);
    counts = 0;
    hub.changedAll();
    expect(await nextValues(streams)).toEqual([...Array(5).fill(1), ...Array(5).fill(3)]);
    await settle();
    expect(counts).toBe(2);
    await Promise.all(streams.map((stream) => stream.return()));
  });

  it("a failed count is tried again after retryMs, and the watchers then get the value", async () => {
    let failures = 1;
    const errors: unknown[] = [];
    hub = createAvailabilityHub({
      services: api.deps,
      count: async (lotId) => {
        if (failures-- > 0) throw new Error("database away");
        return availableNow(api.deps, lotId);
      },
      followLotChanges: false,
      retryMs: 100,
      onError: (error) => errors.push(error),
    });
    const lot = await lotOf(2);
    const started = Date.now();
    expect((await hub.watch(lot.id).next()).value?.available).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(errors).toHaveLength(1);
  });

  it("forgets a lot when its last watcher leaves, and counts it no more", async () => {
    const hub = openHub({ maxQuietMs: 50 });
    const [a, b] = [await lotOf(2), await lotOf(2)];
    const abort = new AbortController();
    setMaxListeners(0, abort.signal);
    const onA = watchers(hub, a.id, 30, abort.signal);
    const onB = watchers(hub, b.id, 30);
    expect(await nextValues([...onA, ...onB])).toEqual(Array(60).fill(2));
    expect(hub.watchedLots()).toBe(2);

    // Waiting watchers end on abort, without another value.
    const ending = onA.map((stream) => stream.next());
    abort.abort();
    expect((await Promise.all(ending)).every((r) => r.done)).toBe(true);
    expect(hub.watchedLots()).toBe(1);

    await Promise.all(onB.map((stream) => stream.return()));
    expect(hub.watchedLots()).toBe(0);
    counts = 0;
    hub.changed(a.id);
    hub.changed(b.id);
    await settle(300);
    expect(counts).toBe(0);
  });

  it("close() ends every stream, and later watches end at once", async () => {
    const hub = openHub();
    const [a, b] = [await lotOf(2), await lotOf(3)];
    const streams = [...watchers(hub, a.id, 20), ...watchers(hub, b.id, 20)];
    expect(await nextValues(streams)).toEqual([...Array(20).fill(2), ...Array(20).fill(3)]);
    const waiting = streams.map((stream) => stream.next());
    hub.close();
    expect((await Promise.all(waiting)).every((r) => r.done)).toBe(true);
    expect(hub.watchedLots()).toBe(0);
    expect(await hub.watch(a.id).next()).toEqual({ done: true, value: undefined });
  });
});
