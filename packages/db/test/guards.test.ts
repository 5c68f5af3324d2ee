// The database's own guards, in plain SQL: a booking refuses a lot, spot,
// vehicle or account that is gone, and retiring one of them refuses while a
// booking depends on it. On PostgreSQL, two connections show that either
// side waits for the other and then sees its outcome, whichever goes first.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Database } from "../src/client.ts";
import { transientDbFailure } from "../src/errors.ts";
import { openTestDatabase, postgresAvailable } from "../src/testing.ts";

type Kind = "pglite" | "postgres";
const kinds: Kind[] = (await postgresAvailable()) ? ["pglite", "postgres"] : ["pglite"];

const future = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

/** The SQLSTATE a statement fails with, or "ok". */
async function outcome(run: Promise<unknown>): Promise<string> {
  try {
    await run;
    return "ok";
  } catch (error) {
    return String((error as { code?: unknown }).code ?? error);
  }
}

describe.each(kinds)("guards on %s", (kind) => {
  let db: Database;
  let url: string | undefined;
  let drop: () => Promise<void>;
  const suffix = randomBytes(3).toString("hex").toUpperCase();
  let n = 0;

  beforeAll(async () => {
    const opened = await openTestDatabase(kind);
    db = opened;
    url = opened.url;
    drop = opened.drop;
  });
  afterAll(() => drop());

  const one = async (text: string, params: unknown[] = []) => (await db.sql.query<{ id: string }>(text, params))[0]!.id;

  /** A user with a car, and a lot with `spots` spots. */
  async function world(spots = 2) {
    const k = n++;
    const userId = await one(`INSERT INTO users (username, email, password_hash) VALUES ($1, $2, 'x') RETURNING id`, [
      `g${k}_${suffix}`,
      `g${k}_${suffix}@example.com`,
    ]);
    const vehicleId = await one(`INSERT INTO vehicles (user_id, plate) VALUES ($1, $2) RETURNING id`, [userId, `G${k}${suffix}`]);
    const lotId = await one(`INSERT INTO lots (name, address, city, hourly_rate_cents) VALUES ($1, 'x', 'y', 100) RETURNING id`, [`Guard ${k}`]);
    const levelId = await one(`INSERT INTO levels (lot_id, name, position) VALUES ($1, 'L', 0) RETURNING id`, [lotId]);
    const rowId = await one(`INSERT INTO rows (lot_id, level_id, name, position) VALUES ($1, $2, 'A', 0) RETURNING id`, [lotId, levelId]);
    const spotIds: string[] = [];
    for (let i = 1; i <= spots; i++) {
      spotIds.push(
        await one(`INSERT INTO spots (lot_id, level_id, row_id, label, position) VALUES ($1, $2, $3, $4, $5) RETURNING id`, [
          lotId,
          levelId,
          rowId,
          String(i),
          i,
        ]),
      );
    }
    const reserve = (spotId = spotIds[0]!, from = 1, to = 2, vehicle = vehicleId, user = userId) =>
      db.sql.query(
        `INSERT INTO reservations (user_id, lot_id, spot_id, vehicle_id, starts_at, ends_at, amount_cents) VALUES ($1, $2, $3, $4, $5, $6, 100) RETURNING id`,
        [user, lotId, spotId, vehicle, future(from), future(to)],
      );
    const park = (spotId = spotIds[0]!, vehicle: string | null = vehicleId) =>
      db.sql.query(`INSERT INTO sessions (user_id, lot_id, spot_id, vehicle_id, plate, status) VALUES ($1, $2, $3, $4, $5, 'active') RETURNING id`, [
        vehicle ? userId : null,
        lotId,
        spotId,
        vehicle,
        `W${n++}${suffix}`,
      ]);
    return { userId, vehicleId, lotId, levelId, rowId, spotIds, reserve, park };
  }

  test("a removed vehicle cannot be booked or parked, and a vehicle in use cannot be removed", async () => {
    const w = await world();
    const [booking] = await w.reserve();
    expect(await outcome(db.sql.query(`UPDATE vehicles SET retired_at = now() WHERE id = $1`, [w.vehicleId]))).toBe("PK011");
    await db.sql.query(`UPDATE reservations SET status = 'cancelled' WHERE id = $1`, [(booking as { id: string }).id]);
    const [session] = await w.park();
    expect(await outcome(db.sql.query(`UPDATE vehicles SET retired_at = now() WHERE id = $1`, [w.vehicleId]))).toBe("PK011");
    await db.sql.query(`UPDATE sessions SET status = 'completed', ended_at = now() WHERE id = $1`, [(session as { id: string }).id]);
    expect(await outcome(db.sql.query(`UPDATE vehicles SET retired_at = now() WHERE id = $1`, [w.vehicleId]))).toBe("ok");
    expect(await outcome(w.reserve())).toBe("PK004");
    expect(await outcome(w.park())).toBe("PK004");
  });

  test("a vehicle is booked only by its owner", async () => {
    const [w, other] = [await world(), await world()];
    expect(await outcome(w.reserve(w.spotIds[0], 1, 2, other.vehicleId))).toBe("PK004");
  });

  test("a deleted lot takes no bookings, structure or cars, and a lot in use cannot be deleted", async () => {
    const w = await world();
    const [session] = await w.park();
    expect(await outcome(db.sql.query(`UPDATE lots SET deleted_at = now() WHERE id = $1`, [w.lotId]))).toBe("PK006");
    await db.sql.query(`UPDATE sessions SET status = 'completed', ended_at = now() WHERE id = $1`, [(session as { id: string }).id]);
    const [booking] = await w.reserve();
    expect(await outcome(db.sql.query(`UPDATE lots SET deleted_at = now() WHERE id = $1`, [w.lotId]))).toBe("PK007");
    await db.sql.query(`UPDATE reservations SET status = 'cancelled' WHERE id = $1`, [(booking as { id: string }).id]);
    expect(await outcome(db.sql.query(`UPDATE lots SET deleted_at = now() WHERE id = $1`, [w.lotId]))).toBe("ok");
    expect(await outcome(w.reserve())).toBe("PK001");
    expect(await outcome(w.park(w.spotIds[0], null))).toBe("PK001");
    expect(await outcome(db.sql.query(`INSERT INTO levels (lot_id, name, position) VALUES ($1, 'L9', 9)`, [w.lotId]))).toBe("PK001");
    expect(await outcome(db.sql.query(`INSERT INTO rows (lot_id, level_id, name, position) VALUES ($1, $2, 'Z', 9)`, [w.lotId, w.levelId]))).toBe("PK001");
  });

  test("a spot in use cannot be removed, and a removed spot takes no bookings", async () => {
    const w = await world();
    await w.reserve(w.spotIds[1]);
    expect(await outcome(db.sql.query(`UPDATE spots SET retired_at = now() WHERE id = $1`, [w.spotIds[1]]))).toBe("PK008");
    expect(await outcome(db.sql.query(`UPDATE spots SET retired_at = now() WHERE id = $1`, [w.spotIds[0]]))).toBe("ok");
    expect(await outcome(w.reserve(w.spotIds[0], 3, 4))).toBe("PK002");
    expect(await outcome(w.park(w.spotIds[0]))).toBe("PK002");
  });

  test("an occupied or booked spot cannot go out of service, and an out-of-service spot takes no bookings", async () => {
    const w = await world();
    const [session] = await w.park(w.spotIds[0]);
    expect(await outcome(db.sql.query(`UPDATE spots SET out_of_service = true WHERE id = $1`, [w.spotIds[0]]))).toBe("PK009");
    await db.sql.query(`UPDATE sessions SET status = 'completed', ended_at = now() WHERE id = $1`, [(session as { id: string }).id]);
    await w.reserve(w.spotIds[1]);
    expect(await outcome(db.sql.query(`UPDATE spots SET out_of_service = true WHERE id = $1`, [w.spotIds[1]]))).toBe("PK010");
    expect(await outcome(db.sql.query(`UPDATE spots SET out_of_service = true WHERE id = $1`, [w.spotIds[0]]))).toBe("ok");
    expect(await outcome(w.reserve(w.spotIds[0], 3, 4))).toBe("PK003");
    expect(await outcome(w.park(w.spotIds[0]))).toBe("PK003");
  });

  test("a disabled account books nothing", async () => {
    const w = await world();
    await db.sql.query(`UPDATE users SET disabled = true WHERE id = $1`, [w.userId]);
    expect(await outcome(w.reserve())).toBe("PK005");
    expect(await outcome(w.park())).toBe("PK005");
  });

  test("park_allocate_spot picks the lowest free spot of the allowed kinds, never one occupied for a window starting soon", async () => {
    const w = await world(3);
    await db.sql.query(`UPDATE spots SET kind = 'motorcycle' WHERE id = $1`, [w.spotIds[0]]);
    const allocate = async (from: number, to: number, kinds: string[]) =>
      (
        await db.sql.query<{ id: string | null }>(`SELECT park_allocate_spot($1, $2, $3, $4, now() + interval '15 minutes') AS id`, [
          w.lotId,
          future(from),
          future(to),
          kinds,
        ])
      )[0]!.id;
    expect(await allocate(1, 2, ["standard"])).toBe(w.spotIds[1]);
    expect(await allocate(1, 2, ["motorcycle"])).toBe(w.spotIds[0]);
    await w.reserve(w.spotIds[1], 0.01, 2);
    expect(await allocate(1.5, 3, ["standard"])).toBe(w.spotIds[2]);
    // A car stands on spot 2 with a claim ending in a minute (as after an overstay): not free for a window starting now.
    await db.sql.query(
      `INSERT INTO sessions (lot_id, spot_id, plate, status, started_at, hold_until) VALUES ($1, $2, $3, 'active', now() - interval '1 hour', now() + interval '1 minute')`,
      [w.lotId, w.spotIds[2], `OV${suffix}`],
    );
    expect(await allocate(0.05, 0.5, ["standard"])).toBeNull();
    expect(await allocate(5, 6, ["standard"])).toBe(w.spotIds[1]);
  });

  test("a spot carries its level's and row's positions, through inserts and reordering", async () => {
    const w = await world(2);
    const positions = async () =>
      db.sql.query<{ level_position: number; row_position: number }>(`SELECT level_position, row_position FROM spots WHERE id = ANY($1) ORDER BY position`, [
        w.spotIds,
      ]);
    expect(await positions()).toEqual([
      { level_position: 0, row_position: 0 },
      { level_position: 0, row_position: 0 },
    ]);
    await db.sql.query(`UPDATE levels SET position = 3 WHERE id = $1`, [w.levelId]);
    await db.sql.query(`UPDATE rows SET position = 2 WHERE id = $1`, [w.rowId]);
    expect(await positions()).toEqual([
      { level_position: 3, row_position: 2 },
      { level_position: 3, row_position: 2 },
    ]);
    const levelId = await one(`INSERT INTO levels (lot_id, name, position) VALUES ($1, 'L0', 1) RETURNING id`, [w.lotId]);
    const rowId = await one(`INSERT INTO rows (lot_id, level_id, name, position) VALUES ($1, $2, 'A', 0) RETURNING id`, [w.lotId, levelId]);
    const spotId = await one(`INSERT INTO spots (lot_id, level_id, row_id, label, position) VALUES ($1, $2, $3, '1', 9) RETURNING id`, [
      w.lotId,
      levelId,
      rowId,
    ]);
    // The new level comes first in layout order, so allocation picks its spot first.
    const [picked] = await db.sql.query<{ id: string }>(`SELECT park_allocate_spot($1, $2, $3, $4, now()) AS id`, [
      w.lotId,
      future(1),
      future(2),
      ["standard"],
    ]);
    expect(picked!.id).toBe(spotId);
  });

  // Two connections, one transaction each: whichever goes first, the other waits for it and then sees it.
  describe.runIf(kind === "postgres")("across connections", () => {
    async function connect() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      return client;
    }

    /** True when the promise is still pending after a while: the statement waits for a lock. */
    async function waiting(run: Promise<unknown>): Promise<boolean> {
      const pending = Symbol("pending");
      const result = await Promise.race([
        run.then(
          () => "settled",
          () => "settled",
        ),
        new Promise((r) => setTimeout(() => r(pending), 300)),
      ]);
      return result === pending;
    }

    test("a deadlock is told apart as a failure of timing, through the driver and through Prisma; a violation is not", async () => {
      const [a, b] = [await world(), await world()];
      const [first, second] = [await connect(), await connect()];
      try {
        // Each locks one user, then asks for the other's: PostgreSQL ends one of them with 40P01.
        await first.query("BEGIN");
        await second.query("BEGIN");
        await first.query(`SELECT 1 FROM users WHERE id = $1 FOR UPDATE`, [a.userId]);
        await second.query(`SELECT 1 FROM users WHERE id = $1 FOR UPDATE`, [b.userId]);
        const crossed = await Promise.allSettled([
          first.query(`SELECT 1 FROM users WHERE id = $1 FOR UPDATE`, [b.userId]),
          second.query(`SELECT 1 FROM users WHERE id = $1 FOR UPDATE`, [a.userId]),
        ]);
        const failures = crossed.flatMap((result) => (result.status === "rejected" ? [result.reason as unknown] : []));
        expect(failures.map((error) => (error as { code?: string }).code)).toEqual(["40P01"]);
        expect(transientDbFailure(failures[0])).toBe(true);
      } finally {
        await Promise.all([first.query("ROLLBACK").catch(() => {}), second.query("ROLLBACK").catch(() => {})]);
        await Promise.all([first.end(), second.end()]);
      }

      // The same through Prisma: one interactive transaction holds a user while a raw client holds another.
      const holder = await connect();
      try {
        await holder.query("BEGIN");
        await holder.query(`SELECT 1 FROM users WHERE id = $1 FOR UPDATE`, [a.userId]);
        let heldSecond = () => {};
        const secondHeld = new Promise<void>((resolve) => (heldSecond = resolve));
        const viaPrisma = db.prisma
          .$transaction(async (tx) => {
            await tx.$executeRawUnsafe(`SELECT 1 FROM users WHERE id = $1::uuid FOR UPDATE`, b.userId);
            heldSecond();
            await tx.$executeRawUnsafe(`SELECT 1 FROM users WHERE id = $1::uuid FOR UPDATE`, a.userId);
          })
          .then(
            () => null,
            (error: unknown) => error,
          );
        // Only once the transaction holds the second user does the holder ask for it: each then waits for the other.
        await Promise.race([secondHeld, viaPrisma]);
        const holderSide = holder.query(`SELECT 1 FROM users WHERE id = $1 FOR UPDATE`, [b.userId]).then(
          () => null,
          (error: unknown) => error,
        );
        const errors = (await Promise.all([viaPrisma, holderSide])).filter((error) => error !== null);
        expect(errors).toHaveLength(1);
        expect(transientDbFailure(errors[0])).toBe(true);
      } finally {
        await holder.query("ROLLBACK").catch(() => {});
        await holder.end();
      }

      const duplicate = await db.sql
        .query(`INSERT INTO users (username, email, password_hash) SELECT username, email, 'x' FROM users WHERE id = $1`, [a.userId])
        .catch((error: unknown) => error);
      expect(transientDbFailure(duplicate)).toBe(false);
    });

    const cases = [
      {
        name: "removing a vehicle and booking it",
        retire: (w: Awaited<ReturnType<typeof world>>) => [`UPDATE vehicles SET retired_at = now() WHERE id = $1`, [w.vehicleId]] as const,
        retired: "PK011",
        refused: "PK004",
      },
      {
        name: "deleting a lot and booking it",
        retire: (w: Awaited<ReturnType<typeof world>>) => [`UPDATE lots SET deleted_at = now() WHERE id = $1`, [w.lotId]] as const,
        retired: "PK007",
        refused: "PK001",
      },
      {
        name: "removing a spot and booking it",
        retire: (w: Awaited<ReturnType<typeof world>>) => [`UPDATE spots SET retired_at = now() WHERE id = $1`, [w.spotIds[0]]] as const,
        retired: "PK008",
        refused: "PK002",
      },
      {
        name: "taking a spot out of service and booking it",
        retire: (w: Awaited<ReturnType<typeof world>>) => [`UPDATE spots SET out_of_service = true WHERE id = $1`, [w.spotIds[0]]] as const,
        retired: "PK010",
        refused: "PK003",
      },
      {
        name: "disabling an account and booking with it",
        retire: (w: Awaited<ReturnType<typeof world>>) => [`UPDATE users SET disabled = true WHERE id = $1`, [w.userId]] as const,
        retired: "ok",
        refused: "PK005",
      },
    ];

    for (const c of cases) {
      test(`${c.name}: the booking first makes the change wait, then fail`, async () => {
        const w = await world();
        const [booker, changer] = [await connect(), await connect()];
        try {
          await booker.query("BEGIN");
          await booker.query(
            `INSERT INTO reservations (user_id, lot_id, spot_id, vehicle_id, starts_at, ends_at, amount_cents) VALUES ($1, $2, $3, $4, $5, $6, 100)`,
            [w.userId, w.lotId, w.spotIds[0], w.vehicleId, future(1), future(2)],
          );
          const [text, params] = c.retire(w);
          const change = outcome(changer.query(text, [...params]));
          expect(await waiting(change)).toBe(true);
          await booker.query("COMMIT");
          // Disabling does not conflict with an earlier booking; it only waited for it.
          expect(await change).toBe(c.retired);
        } finally {
          await Promise.all([booker.end(), changer.end()]);
        }
      });

      test(`${c.name}: the change first makes the booking wait, then fail`, async () => {
        const w = await world();
        const [booker, changer] = [await connect(), await connect()];
        try {
          await changer.query("BEGIN");
          const [text, params] = c.retire(w);
          await changer.query(text, [...params]);
          const booking = outcome(
            booker.query(
              `INSERT INTO reservations (user_id, lot_id, spot_id, vehicle_id, starts_at, ends_at, amount_cents) VALUES ($1, $2, $3, $4, $5, $6, 100)`,
              [w.userId, w.lotId, w.spotIds[0], w.vehicleId, future(1), future(2)],
            ),
          );
          expect(await waiting(booking)).toBe(true);
          await changer.query("COMMIT");
          expect(await booking).toBe(c.refused);
        } finally {
          await Promise.all([booker.end(), changer.end()]);
        }
      });
    }
  });
});
