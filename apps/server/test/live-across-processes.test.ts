// Two built server processes on one PostgreSQL database: a change made through
// one reaches a live subscriber of the other within 250 ms, also after the
// database cuts the connections they listen on, and both still stop at once.
import { createPostgresDatabase, postgresAvailable, timeOnThisMachine, watchSlowdown } from "@park/db/testing";
import { createParkClient, memoryTokenStore, type ParkClient } from "@park/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withSql } from "./database.ts";
import { spawnServer, type ServerProcess } from "./processes.ts";
import { openStream, type Stream } from "./sse.ts";

const adminEmail = "admin@across.test";
const adminPassword = "across-admin-pass-1";
const capacity = 30;

// Under CI an unreachable PostgreSQL fails the file here instead of skipping.
const postgresUp = await postgresAvailable();

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

describe.skipIf(!postgresUp)("live availability across server processes on PostgreSQL", () => {
  let database: { url: string; drop(): Promise<void> };
  let a: ServerProcess;
  let b: ServerProcess;
  /** Calls through server A. */
  let viaA: ParkClient;
  let lot: { id: string };
  let stream: Stream;
  /** What the subscriber on B should see after every change so far. */
  let expected = capacity;
  const tag = Date.now().toString(36).slice(-6).toUpperCase();
  let plates = 0;
  const sql = <T extends Record<string, unknown>>(text: string) => withSql({ url: database.url }, (query) => query(text) as Promise<T[]>);
  const listeners = () =>
    sql<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'park-listen-lots' ORDER BY pid`);

  beforeAll(async () => {
    database = await createPostgresDatabase("park_across");
    const env = { DATABASE_URL: database.url, JWT_SECRET: "across-suite-secret-0123456789abcdefghij", ADMIN_EMAIL: adminEmail, ADMIN_PASSWORD: adminPassword };
    // One after the other: both would migrate the fresh database at once otherwise (safe, only slower).
    a = await spawnServer({ name: "across-a", env });
    await a.ready(90_000);
    b = await spawnServer({ name: "across-b", env });
    await b.ready(90_000);
    const signedIn = await createParkClient({ url: a.url, tokens: null }).auth.login.mutate({ login: adminEmail, password: adminPassword });
    viaA = createParkClient({ url: a.url, tokens: memoryTokenStore(signedIn) });
    lot = await viaA.lots.create.mutate({ name: `Across ${tag}`, address: "1 Wire St", city: "Twoton", hourlyRateCents: 100, capacity });
    stream = openStream(b.url, lot.id);
    expect(await stream.next()).toMatchObject({ kind: "data", value: { available: capacity } });
  }, 120_000);

  afterAll(async () => {
    await stream?.close();
    await Promise.allSettled([a?.stop(), b?.stop()]);
    await database?.drop();
  }, 60_000);

  /** Makes one change through A; resolves with how long after sending it, and after A answered, B's subscriber had the new count. */
  async function changeThroughA(change: () => Promise<unknown>, delta: number) {
    expected += delta;
    const sent = Date.now();
    await change();
    const answered = Date.now();
    const event = await stream.next(2_000);
    if (event.kind !== "data") throw new Error(`expected a count, got ${JSON.stringify(event)}`);
    expect(event.value.available).toBe(expected);
    return { fromSent: event.receivedAt - sent, fromAnswer: event.receivedAt - answered };
  }

  const enter = () => changeThroughA(() => viaA.gate.enter.mutate({ lotId: lot.id, plate: `AX${tag}${plates++}` }), -1);

  it("20 changes through A (gate entries and exits, bookings, a spot out of service) each reach B's subscriber within 250 ms", async () => {
    const vehicles = await Promise.all(Array.from({ length: 5 }, (_, i) => viaA.vehicles.create.mutate({ plate: `AV${tag}${i}` })));
    const startsAt = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    const kinds = ["enter", "book", "exit", "out of service"] as const;
    const fromSent: number[] = [];
    const fromAnswer: number[] = [];
    const slowdownWatch = watchSlowdown();
    for (let i = 0; i < 20; i++) {
      const kind = kinds[i % kinds.length]!;
      let latency: { fromSent: number; fromAnswer: number };
      if (kind === "enter") latency = await enter();
      else if (kind === "exit") latency = await changeThroughA(() => viaA.gate.exit.mutate({ lotId: lot.id, plate: `AX${tag}${plates - 1}` }), +1);
      else if (kind === "book") {
        const vehicle = vehicles[Math.floor(i / kinds.length)]!;
        latency = await changeThroughA(
          () => viaA.reservations.create.mutate({ lotId: lot.id, vehicleId: vehicle.id, startsAt, endsAt: new Date(startsAt.getTime() + 3_600_000) }),
          -1,
        );
      } else {
        const [free] = (await viaA.spots.list.query({ lotId: lot.id, status: "available", limit: 1 })).items;
        latency = await changeThroughA(() => viaA.spots.setOutOfService.mutate({ id: free!.id, outOfService: true }), -1);
      }
      fromSent.push(latency.fromSent);
      fromAnswer.push(latency.fromAnswer);
      // A lot is counted at most every 50 ms; a pause keeps each change's latency its own.
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    const slowdown = await slowdownWatch.stop();
    fromSent.sort((x, y) => x - y);
    fromAnswer.sort((x, y) => x - y);
    console.info(
      `[across processes] 20 changes through A seen on B: from the call sent p50 ${percentile(fromSent, 50)} ms, max ${fromSent.at(-1)} ms;` +
        ` from A's answer p50 ${percentile(fromAnswer, 50)} ms, max ${fromAnswer.at(-1)} ms (machine at most ${slowdown.toFixed(1)}× slower than quiet)`,
    );
    // Held to the bound from A's answer, when the change is surely committed; the time A takes
    // to make it is not the relay's, and on a busy machine it alone can pass 250 ms. The bound is
    // a quiet machine's, scaled by how much slower this one was at its busiest meanwhile.
    expect(fromAnswer.at(-1)).toBeLessThan(250 * slowdown);
  });

  it("after the database cuts both listening connections, B counts again what it missed, and later changes still arrive in time", async () => {
    const before = await listeners();
    expect(before).toHaveLength(2);
    // A change no trigger announces (triggers off for one transaction): only a fresh count finds it.
    await withSql({ url: database.url }, async (query) => {
      await query(`BEGIN`);
      await query(`SET LOCAL session_replication_role = replica`);
      await query(`UPDATE spots SET out_of_service = true WHERE id = (
        SELECT s.id FROM spots s WHERE s.lot_id = '${lot.id}' AND NOT s.out_of_service
           AND NOT EXISTS (SELECT 1 FROM spot_holds h WHERE h.spot_id = s.id AND h.active) LIMIT 1)`);
      await query(`COMMIT`);
    });
    const cut = Date.now();
    await sql(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'park-listen-lots'`);
    expected -= 1;
    const recounted = await stream.next(5_000);
    expect(recounted).toMatchObject({ kind: "data", value: { available: expected } });
    console.info(`[across processes] B listening again and recounted ${recounted.kind === "data" ? recounted.receivedAt - cut : "?"} ms after the cut`);
    // A's connection comes back on its own schedule.
    let after = await listeners();
    for (let tries = 0; after.length < 2 && tries < 50; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      after = await listeners();
    }
    expect(after).toHaveLength(2);
    expect(after.filter((row) => before.some((old) => old.pid === row.pid))).toEqual([]);

    const slowdownWatch = watchSlowdown();
    const latencies = [await enter(), await enter()];
    const slowdown = await slowdownWatch.stop();
    for (const latency of latencies) expect(latency.fromAnswer).toBeLessThan(250 * slowdown);
  });

  it("both servers still stop at once on SIGTERM, their listening connections with them", async () => {
    const listening = () =>
      sql<{ name: string }>(
        `SELECT application_name AS name FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'park-listen-%'`,
      );
    // Each server hears lot changes, and queued mail, since it delivers mail too.
    expect((await listening()).map((row) => row.name).sort()).toEqual(["park-listen-lots", "park-listen-lots", "park-listen-mail", "park-listen-mail"]);
    const { ms, slowdown } = await timeOnThisMachine(() => Promise.all([a.stop(), b.stop()]));
    // Three seconds on a quiet machine.
    expect(ms).toBeLessThan(3_000 * slowdown);
    expect([a.child.exitCode, b.child.exitCode]).toEqual([0, 0]);
    expect(await listening()).toEqual([]);
  });
});
