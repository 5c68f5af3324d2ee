// List endpoints cost a fixed number of queries whatever the page size, and
// the hot availability queries use indexes on a lot of 2,000 spots.
import type { Prisma } from "@park/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countsByLotSql, freeSpotsSql, kindsFor } from "../../src/domains/lots/spot-queries.ts";
import { createTestApi, databases, hour, inHours, type Caller, type TestApi } from "../harness.ts";

describe.each(databases)("query counts and plans on %s", (kind) => {
  let api: TestApi;
  let queries = 0;
  let admin: Caller;
  let driver: { id: string; caller: Caller };
  let bigLotId: string;

  beforeAll(async () => {
    api = await createTestApi(kind, { onQuery: () => queries++ });
    admin = (await api.signUp("admin")).caller;
    driver = await api.signUp();
    for (let i = 0; i < 6; i++) await admin.lots.create({ name: `Q${i}`, address: "x", city: "Querytown", hourlyRateCents: 100, capacity: 3 });
    const lots = await api.anonymous.lots.list({ city: "Querytown" });
    for (let i = 0; i < 6; i++) {
      const vehicle = await driver.caller.vehicles.create({ plate: `QC${i}X${Date.now().toString(36).slice(-4)}` });
      await driver.caller.reservations.create({
        lotId: lots.items[i % lots.items.length]!.id,
        vehicleId: vehicle.id,
        startsAt: inHours(2),
        endsAt: inHours(3),
      });
      const s = await driver.caller.sessions.start({ lotId: lots.items[i % lots.items.length]!.id, vehicleId: vehicle.id });
      if (i % 2) await driver.caller.sessions.end({ id: s.id });
    }
    const big = await admin.lots.create({
      name: "Big",
      address: "x",
      city: "Querytown",
      hourlyRateCents: 100,
      layout: { levels: Array.from({ length: 4 }, (_, l) => ({ name: `L${l}`, rows: Array.from({ length: 10 }, (_, r) => ({ name: `R${r}`, spots: 50 })) })) },
    });
    bigLotId = big.id;
    // Bookings spread over the big lot, written in bulk so the planner sees realistic tables.
    await api.db.sql.exec(`
      INSERT INTO vehicles (user_id, plate) SELECT '${driver.id}', 'BULK' || g FROM generate_series(1, 400) g;
      INSERT INTO reservations (user_id, lot_id, spot_id, vehicle_id, starts_at, ends_at, amount_cents)
      SELECT '${driver.id}', s.lot_id, s.id, v.id, now() + make_interval(days => d, hours => (s.n / 400)::int * 3),
             now() + make_interval(days => d, hours => (s.n / 400)::int * 3 + 2), 200
      FROM (SELECT id, lot_id, row_number() OVER (ORDER BY id) AS n FROM spots WHERE lot_id = '${big.id}') s
      JOIN (SELECT id, row_number() OVER (ORDER BY plate) AS n FROM vehicles WHERE plate LIKE 'BULK%') v ON v.n = (s.n % 400) + 1
      CROSS JOIN generate_series(1, 3) d;
      INSERT INTO sessions (lot_id, spot_id, plate, status, started_at, ended_at, amount_cents, payment_status)
      SELECT s.lot_id, s.id, 'OLD' || g, 'completed', now() - make_interval(days => g % 60 + 1, hours => 3), now() - make_interval(days => g % 60 + 1), 300, 'paid'
      FROM generate_series(1, 5000) g JOIN (SELECT id, lot_id, row_number() OVER (ORDER BY id) AS n FROM spots WHERE lot_id = '${big.id}') s ON s.n = g % 2000 + 1;
      ANALYZE;`);
  }, 180_000);
  afterAll(() => api.close());

  async function count(run: () => Promise<unknown>): Promise<number> {
    queries = 0;
    await run();
    return queries;
  }

  it.each([
    ["lots.list", (limit: number) => api.anonymous.lots.list({ city: "Querytown", limit })],
    ["lots.list near", (limit: number) => api.anonymous.lots.list({ near: { lat: 0, lng: 0, radiusKm: 20_000 }, limit })],
    ["spots.list", (limit: number) => api.anonymous.spots.list({ lotId: bigLotId, limit })],
    ["reservations.list", (limit: number) => driver.caller.reservations.list({ limit })],
    ["reservations.list (admin)", (limit: number) => admin.reservations.list({ limit })],
    ["sessions.list", (limit: number) => driver.caller.sessions.list({ limit })],
    ["vehicles.list", () => driver.caller.vehicles.list()],
  ] as const)("%s costs the same number of queries for 1 or 100 items", async (_name, run) => {
    const small = await count(() => run(1));
    const large = await count(() => run(100));
    expect(large).toBe(small);
    expect(large).toBeLessThanOrEqual(3);
  });

  it("lots.byId and lots.occupancy cost a fixed number of queries on 2,000 spots", async () => {
    expect(await count(() => api.anonymous.lots.byId({ id: bigLotId }))).toBeLessThanOrEqual(6);
    expect(await count(() => admin.lots.occupancy({ lotId: bigLotId }))).toBeLessThanOrEqual(6);
  });

  async function plan(query: Prisma.Sql): Promise<string> {
    const rows = await api.db.sql.query<{ "QUERY PLAN": string }>(`EXPLAIN ${query.text}`, query.values);
    return rows.map((r) => r["QUERY PLAN"]).join("\n");
  }

  /** Scans the statement made, from the database's own counters (pending ones accumulate, so a difference). */
  async function scansOf(query: Prisma.Sql) {
    return api.db.sql.transaction(async (tx) => {
      const read = async () => {
        // For a table the counter is its sequential scans, for an index its scans.
        const [row] = await tx.query<{ holdsSeq: number; sessionsSeq: number; claimProbes: number }>(`
          SELECT pg_stat_get_xact_numscans('spot_holds'::regclass)::int AS "holdsSeq",
                 pg_stat_get_xact_numscans('sessions'::regclass)::int AS "sessionsSeq",
                 pg_stat_get_xact_numscans('spot_holds_spot_id_starts_at_active_idx'::regclass)::int AS "claimProbes"`);
        return row!;
      };
      const before = await read();
      await tx.query(query.text, query.values);
      const after = await read();
      return {
        holdsSeq: after.holdsSeq - before.holdsSeq,
        sessionsSeq: after.sessionsSeq - before.sessionsSeq,
        claimProbes: after.claimProbes - before.claimProbes,
      };
    });
  }

  it("finds free spots for a window through the indexes, stopping at the first when asked for one", async () => {
    // A window starting now also checks whether each spot is occupied.
    const window = { from: new Date(), to: new Date(Date.now() + 2 * hour) };
    const all = await scansOf(freeSpotsSql(bigLotId, window, kindsFor("car"), new Date()));
    expect(all).toMatchObject({ holdsSeq: 0, sessionsSeq: 0 });
    // One btree probe per spot of the lot, not a pass over every claim.
    expect(all.claimProbes).toBe(2000);
    const best = await scansOf(freeSpotsSql(bigLotId, window, kindsFor("car"), new Date(), 1));
    expect(best).toMatchObject({ holdsSeq: 0, sessionsSeq: 0 });
    expect(best.claimProbes).toBeLessThan(50);
  });

  it("counts spots free now through the indexes", async () => {
    const text = await plan(countsByLotSql([bigLotId], new Date()));
    expect(text).toMatch(/spot_holds_no_overlap/);
    expect(text).toMatch(/Index Scan on sessions_\w+|Index Scan using sessions_\w+/);
    expect(text).not.toMatch(/Seq Scan on (spot_holds|sessions)/);
  });
});
