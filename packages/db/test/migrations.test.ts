import { createHash, randomBytes } from "node:crypto";
import { cp, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openDatabase, type Database } from "../src/client.ts";
import { defaultMigrationsDir, type SqlRunner } from "../src/migrate.ts";
import { createPostgresDatabase, postgresAvailable } from "../src/testing.ts";
import { schemaSnapshot } from "./schema.ts";

type Kind = "pglite" | "postgres";

const kinds: Kind[] = (await postgresAvailable()) ? ["pglite", "postgres"] : ["pglite"];
const migrationNames = (await readdir(defaultMigrationsDir, { withFileTypes: true }))
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

interface Opened {
  db: Database;
  /** What the first migrate() on the empty database returned. */
  applied: string[];
  drop(): Promise<void>;
}

async function openEmpty(kind: Kind): Promise<Opened> {
  if (kind === "pglite") {
    const db = await openDatabase({ dataDir: "memory://" });
    return { db, applied: await db.migrate(), drop: () => db.close() };
  }
  const created = await createPostgresDatabase("park_test_migrations");
  const db = await openDatabase({ url: created.url, poolSize: 4 });
  try {
    return {
      db,
      applied: await db.migrate(),
      drop: async () => {
        await db.close();
        await created.drop();
      },
    };
  } catch (error) {
    await db.close();
    await created.drop();
    throw error;
  }
}

const opened = new Map<Kind, Opened>();

beforeAll(async () => {
  const results = await Promise.allSettled(kinds.map(async (kind) => opened.set(kind, await openEmpty(kind))));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
});

afterAll(async () => {
  await Promise.all([...opened.values()].map((o) => o.drop()));
});

function database(kind: Kind): Database {
  const found = opened.get(kind);
  if (!found) throw new Error(`${kind} database did not open`);
  return found.db;
}

describe("migrations on an empty database", () => {
  test("PGlite and PostgreSQL end up with the same schema", async () => {
    const [embedded, server] = await Promise.all(kinds.map((kind) => schemaSnapshot(database(kind).sql)));
    // The comparison means something only if the schema is really there.
    expect(embedded!.columns.length).toBeGreaterThan(100);
    expect(embedded!.extensions).toEqual(["btree_gist", "citext"]);
    expect(embedded!.constraints.some((line) => line.includes("spot_holds_no_overlap") && line.includes("EXCLUDE USING gist"))).toBe(true);
    expect(embedded!.triggers.length).toBeGreaterThanOrEqual(10);
    for (const name of [
      "reservations_sync_hold",
      "sessions_sync_hold",
      "reservations_guard",
      "sessions_guard",
      "lots_guard_delete",
      "spots_guard_change",
      "vehicles_guard_retire",
    ]) {
      expect(
        embedded!.triggers.some((line) => line.includes(name)),
        name,
      ).toBe(true);
    }
    expect(embedded!.enums).toContain("ReservationStatus = confirmed,checked_in,completed,cancelled,expired");
    expect(embedded!.enums).toContain("OutboxStatus = pending,sent,dead");
    if (server) {
      for (const part of Object.keys(embedded!) as (keyof typeof embedded)[]) {
        expect.soft(server[part], part).toEqual(embedded![part]);
      }
    }
  });
});

describe.each(kinds)("%s", (kind) => {
  const base = Date.parse("2031-03-10T00:00:00Z");
  const at = (hours: number) => new Date(base + hours * 3_600_000).toISOString();
  const suffix = randomBytes(4).toString("hex");
  let sql: SqlRunner;
  let fixture: { userId: string; lotId: string; levelId: string; rowId: string };
  let spotCount = 0;
  let vehicleCount = 0;

  beforeAll(async () => {
    sql = database(kind).sql;
    const one = async (text: string, params: unknown[]) => (await sql.query<{ id: string }>(text, params))[0]!.id;
    const userId = await one(`INSERT INTO users (username, email, password_hash) VALUES ($1, $2, 'x') RETURNING id`, [
      `excl_${suffix}`,
      `excl_${suffix}@example.com`,
    ]);
    const lotId = await one(`INSERT INTO lots (name, address, city, hourly_rate_cents) VALUES ($1, 'Road 1', 'Town', 200) RETURNING id`, [`Lot ${suffix}`]);
    const levelId = await one(`INSERT INTO levels (lot_id, name, position) VALUES ($1, 'L1', 0) RETURNING id`, [lotId]);
    const rowId = await one(`INSERT INTO rows (lot_id, level_id, name, position) VALUES ($1, $2, 'A', 0) RETURNING id`, [lotId, levelId]);
    fixture = { userId, lotId, levelId, rowId };
  });

  async function newSpot(): Promise<string> {
    spotCount++;
    const rows = await sql.query<{ id: string }>(`INSERT INTO spots (lot_id, level_id, row_id, label, position) VALUES ($1, $2, $3, $4, $5) RETURNING id`, [
      fixture.lotId,
      fixture.levelId,
      fixture.rowId,
      `S${spotCount}`,
      spotCount,
    ]);
    return rows[0]!.id;
  }

  // Each reservation gets its own vehicle so only the spot's rules are exercised.
  async function newVehicle(): Promise<string> {
    vehicleCount++;
    const rows = await sql.query<{ id: string }>(`INSERT INTO vehicles (user_id, plate) VALUES ($1, $2) RETURNING id`, [
      fixture.userId,
      `V${vehicleCount}X${suffix}`.toUpperCase(),
    ]);
    return rows[0]!.id;
  }

  async function reserve(spotId: string, from: number, to: number): Promise<string> {
    const vehicleId = await newVehicle();
    const rows = await sql.query<{ id: string }>(
      `INSERT INTO reservations (user_id, lot_id, spot_id, vehicle_id, starts_at, ends_at, amount_cents)
       VALUES ($1, $2, $3, $4, $5, $6, 100) RETURNING id`,
      [fixture.userId, fixture.lotId, spotId, vehicleId, at(from), at(to)],
    );
    return rows[0]!.id;
  }

  /** The SQLSTATE a statement fails with, or "ok"; an overlap also names the constraint that caught it. */
  async function outcome(run: Promise<unknown>): Promise<string> {
    try {
      await run;
      return "ok";
    } catch (error) {
      const { code, constraint } = error as { code?: unknown; constraint?: unknown };
      if (code === "23P01" && constraint !== "spot_holds_no_overlap") return `23P01 from ${String(constraint)}`;
      return String(code ?? error);
    }
  }

  test("the first migrate() on the empty database applied every migration", () => {
    expect(opened.get(kind)!.applied).toEqual(migrationNames);
    expect(migrationNames.length).toBeGreaterThan(0);
  });

  test("two overlapping reservations of one spot are rejected with 23P01", async () => {
    const spot = await newSpot();
    await reserve(spot, 10, 12);
    expect(await outcome(reserve(spot, 11, 13))).toBe("23P01");
    expect(await outcome(reserve(spot, 9, 10.5))).toBe("23P01");
    expect(await outcome(reserve(spot, 10.5, 11.5))).toBe("23P01");
    const count = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM reservations WHERE spot_id = $1`, [spot]);
    expect(count[0]!.n).toBe(1);
  });

  test("overlapping reservations of different spots are accepted", async () => {
    const [first, second] = [await newSpot(), await newSpot()];
    await reserve(first, 10, 12);
    expect(await outcome(reserve(second, 10, 12))).toBe("ok");
  });

  test("adjacent windows [10,12) and [12,14) are accepted", async () => {
    const spot = await newSpot();
    await reserve(spot, 10, 12);
    expect(await outcome(reserve(spot, 12, 14))).toBe("ok");
    expect(await outcome(reserve(spot, 8, 10))).toBe("ok");
  });

  test("a cancelled reservation no longer blocks, and cannot come back over a new one", async () => {
    const spot = await newSpot();
    const first = await reserve(spot, 10, 12);
    await sql.query(`UPDATE reservations SET status = 'cancelled', cancelled_at = now() WHERE id = $1`, [first]);
    expect(await outcome(reserve(spot, 10, 12))).toBe("ok");
    expect(await outcome(sql.query(`UPDATE reservations SET status = 'confirmed' WHERE id = $1`, [first]))).toBe("23P01");
  });

  test("a checked-in reservation blocks through its session until the car leaves; completed and expired ones do not", async () => {
    const spot = await newSpot();
    const first = await reserve(spot, 10, 12);
    await sql.query(`UPDATE reservations SET status = 'checked_in' WHERE id = $1`, [first]);
    // Checked in, the claim is the session's: from arrival (early here) until the car leaves.
    const session = await sql.query<{ id: string }>(
      `INSERT INTO sessions (lot_id, spot_id, reservation_id, plate, status, started_at) VALUES ($1, $2, $3, $4, 'active', $5) RETURNING id`,
      [fixture.lotId, spot, first, `CI${suffix}`.toUpperCase(), at(9.75)],
    );
    expect(await outcome(reserve(spot, 9.5, 10))).toBe("23P01");
    expect(await outcome(reserve(spot, 11, 12))).toBe("23P01");
    expect(await outcome(reserve(spot, 14, 15))).toBe("23P01");
    await sql.query(`UPDATE sessions SET status = 'completed', ended_at = $2 WHERE id = $1`, [session[0]!.id, at(11.5)]);
    await sql.query(`UPDATE reservations SET status = 'completed' WHERE id = $1`, [first]);
    expect(await outcome(reserve(spot, 11.5, 12))).toBe("ok");

    const other = await newSpot();
    const lapsed = await reserve(other, 10, 12);
    await sql.query(`UPDATE reservations SET status = 'expired' WHERE id = $1`, [lapsed]);
    expect(await outcome(reserve(other, 10, 12))).toBe("ok");
  });

  test("a session claims its spot only until hold_until, and further when it grows", async () => {
    const spot = await newSpot();
    const session = await sql.query<{ id: string }>(
      `INSERT INTO sessions (lot_id, spot_id, plate, status, started_at, hold_until) VALUES ($1, $2, $3, 'active', $4, $5) RETURNING id`,
      [fixture.lotId, spot, `HU${suffix}`.toUpperCase(), at(10), at(14)],
    );
    expect(await outcome(reserve(spot, 13, 14))).toBe("23P01");
    expect(await outcome(reserve(spot, 14, 15))).toBe("ok");
    expect(await outcome(sql.query(`UPDATE sessions SET hold_until = NULL WHERE id = $1`, [session[0]!.id]))).toBe("23P01");
    await sql.query(`UPDATE sessions SET status = 'completed', ended_at = $2 WHERE id = $1`, [session[0]!.id, at(11)]);
  });

  test("moving a reservation onto a taken window is rejected", async () => {
    const spot = await newSpot();
    await reserve(spot, 10, 12);
    const second = await reserve(spot, 14, 16);
    expect(await outcome(sql.query(`UPDATE reservations SET starts_at = $2 WHERE id = $1`, [second, at(11)]))).toBe("23P01");
  });

  test("a walk-up session blocks every later reservation of its spot until it ends", async () => {
    const spot = await newSpot();
    const session = await sql.query<{ id: string }>(
      `INSERT INTO sessions (lot_id, spot_id, plate, status, started_at) VALUES ($1, $2, $3, 'active', $4) RETURNING id`,
      [fixture.lotId, spot, `WALK${suffix}`.toUpperCase(), at(10)],
    );
    expect(await outcome(reserve(spot, 11, 12))).toBe("23P01");
    expect(await outcome(reserve(spot, 24 * 60, 24 * 60 + 2))).toBe("23P01");
    // Before it started the spot was free.
    expect(await outcome(reserve(spot, 7, 9))).toBe("ok");

    await sql.query(`UPDATE sessions SET status = 'completed', ended_at = $2 WHERE id = $1`, [session[0]!.id, at(13)]);
    expect(await outcome(reserve(spot, 13, 15))).toBe("ok");
    expect(await outcome(reserve(spot, 12, 14))).toBe("23P01");
  });

  test("a second active session on one spot is rejected", async () => {
    const spot = await newSpot();
    await sql.query(`INSERT INTO sessions (lot_id, spot_id, plate, status, started_at) VALUES ($1, $2, $3, 'active', $4)`, [
      fixture.lotId,
      spot,
      `ONE${suffix}`.toUpperCase(),
      at(10),
    ]);
    const second = sql.query(`INSERT INTO sessions (lot_id, spot_id, plate, status, started_at) VALUES ($1, $2, $3, 'active', $4)`, [
      fixture.lotId,
      spot,
      `TWO${suffix}`.toUpperCase(),
      at(20),
    ]);
    expect(["23P01", "23505"]).toContain(await outcome(second));
  });

  test("applying the migrations again changes nothing", async () => {
    const db = database(kind);
    const before = await schemaSnapshot(db.sql);
    const rowsBefore = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "_prisma_migrations"`);
    expect(await db.migrate()).toEqual([]);
    expect(await db.migrate()).toEqual([]);
    expect(await schemaSnapshot(db.sql)).toEqual(before);
    const rowsAfter = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "_prisma_migrations"`);
    expect(rowsAfter[0]!.n).toBe(rowsBefore[0]!.n);
    expect(rowsAfter[0]!.n).toBe(migrationNames.length);
  });

  test("_prisma_migrations records each migration with the sha256 of its migration.sql", async () => {
    const rows = await database(kind).sql.query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      rolled_back_at: Date | null;
      applied_steps_count: number;
    }>(`SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`);
    expect(rows.map((r) => r.migration_name)).toEqual(migrationNames);
    for (const row of rows) {
      const file = await readFile(join(defaultMigrationsDir, row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(createHash("sha256").update(file).digest("hex"));
      expect(row.finished_at).not.toBeNull();
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
  });
});

test("a message that failed before delivery existed is kept by the delivery migration, as dead", async () => {
  const delivery = "20261203000000_outbox_delivery";
  const dir = await mkdtemp(join(tmpdir(), "park-migrations-"));
  for (const name of migrationNames.filter((n) => n < delivery)) await cp(join(defaultMigrationsDir, name), join(dir, name), { recursive: true });
  const db = await openDatabase({ dataDir: "memory://", migrationsDir: dir });
  try {
    await db.migrate();
    await db.sql.query(`INSERT INTO outbox (kind, recipient, payload, status) VALUES ('session.receipt', 'a@example.com', '{}', 'failed')`);
    await cp(join(defaultMigrationsDir, delivery), join(dir, delivery), { recursive: true });
    expect(await db.migrate()).toEqual([delivery]);
    expect(await db.sql.query(`SELECT status::text AS status FROM outbox`)).toEqual([{ status: "dead" }]);
  } finally {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  }
});
