// A throwaway database filled with a realistic amount of data, written with a
// handful of set-based statements so seeding takes seconds, not minutes.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashPassword, openDatabase } from "@park/db";

export const benchPassword = "benchpass123";
export const sizes = { lots: 20, users: 1_000, sessions: 10_000 };

/**
 * Creates an empty database: PGlite in a temp folder, or a uniquely named
 * database on a PostgreSQL server. DATA_DIR is a temp folder either way so
 * the server's mail and secrets never land in the repository.
 */
export async function createDatabase({ pgUrl }) {
  const dataDir = await mkdtemp(join(tmpdir(), "park-bench-"));
  if (!pgUrl) {
    return {
      kind: "pglite",
      open: () => openDatabase({ dataDir: join(dataDir, "db") }),
      serverEnv: { DATA_DIR: dataDir },
      drop: () => rm(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `park_bench_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  await onServer(pgUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  return {
    kind: "postgres",
    open: ({ poolSize = 2 } = {}) => openDatabase({ url: url.toString(), poolSize }),
    serverEnv: { DATA_DIR: dataDir, DATABASE_URL: url.toString() },
    drop: async () => {
      await onServer(pgUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function onServer(url, statement) {
  const admin = await openDatabase({ url, poolSize: 1 });
  try {
    await admin.sql.exec(statement);
  } finally {
    await admin.close();
  }
}

// Each lot: 2 levels x 5 rows x 10 spots; the row decides the kind.
const spotKind = `CASE
  WHEN lv.position = 0 AND r.name = 'D' THEN 'ev'
  WHEN lv.position = 0 AND r.name = 'E' THEN 'accessible'
  WHEN lv.position = 1 AND r.name IN ('C', 'D') THEN 'compact'
  WHEN lv.position = 1 AND r.name = 'E' THEN 'motorcycle'
  ELSE 'standard' END::"SpotKind"`;

const cities = `(VALUES (0, 'Lisbon', 38.72, -9.14, 'Europe/Lisbon'), (1, 'Porto', 41.15, -8.61, 'Europe/Lisbon'),
  (2, 'Madrid', 40.42, -3.70, 'Europe/Madrid'), (3, 'Paris', 48.86, 2.35, 'Europe/Paris'), (4, 'Berlin', 52.52, 13.40, 'Europe/Berlin'))
  AS c(n, city, lat, lng, tz)`;

const statements = [
  `INSERT INTO lots (name, address, city, lat, lng, timezone, hourly_rate_cents, daily_max_cents, amenities)
   SELECT format('Bench Lot %s', lpad(i::text, 2, '0')), format('%s Bench Street', i), c.city,
          c.lat + i * 0.01, c.lng + i * 0.01, c.tz, 150 + 10 * i, 1500 + 50 * i, ARRAY['cctv', 'covered']
   FROM generate_series(1, ${sizes.lots}) i JOIN ${cities} ON c.n = i % 5`,
  `INSERT INTO levels (lot_id, name, position) SELECT l.id, 'L' || (p + 1), p FROM lots l CROSS JOIN generate_series(0, 1) p`,
  `INSERT INTO rows (lot_id, level_id, name, position)
   SELECT lv.lot_id, lv.id, r.name, r.position FROM levels lv
   CROSS JOIN (VALUES ('A', 0), ('B', 1), ('C', 2), ('D', 3), ('E', 4)) AS r(name, position)`,
  `INSERT INTO spots (lot_id, level_id, row_id, label, position, kind)
   SELECT r.lot_id, r.level_id, r.id, n::text, n, ${spotKind}
   FROM rows r JOIN levels lv ON lv.id = r.level_id CROSS JOIN generate_series(1, 10) n`,
  // $1 is one password hash shared by every user: argon2 is deliberately slow.
  `INSERT INTO users (username, email, password_hash)
   SELECT format('bench%s', lpad(i::text, 4, '0')), format('bench%s@bench.example', lpad(i::text, 4, '0')), $1
   FROM generate_series(1, ${sizes.users}) i`,
  `INSERT INTO vehicles (user_id, plate, type)
   SELECT id, 'BN' || substr(username, 6), CASE WHEN substr(username, 6)::int % 10 = 0 THEN 'van' ELSE 'car' END::"VehicleType"
   FROM users`,
  // Finished, paid tickets over the last 60 days; their spot holds are inactive.
  `WITH s AS (SELECT id, lot_id, row_number() OVER (ORDER BY lot_id, id) AS n FROM spots WHERE kind <> 'motorcycle'),
        v AS (SELECT id, user_id, plate, row_number() OVER (ORDER BY plate) AS n FROM vehicles),
        t AS (SELECT i, now() - interval '1 day' - i * interval '510 seconds' AS started, 30 + (i * 37) % 300 AS minutes
              FROM generate_series(1, ${sizes.sessions}) i)
   INSERT INTO sessions (user_id, lot_id, spot_id, vehicle_id, plate, status, started_at, ended_at, amount_cents, payment_status)
   SELECT v.user_id, s.lot_id, s.id, v.id, v.plate, 'completed', t.started, t.started + t.minutes * interval '1 minute',
          LEAST(ceil(t.minutes / 60.0)::int * l.hourly_rate_cents, l.daily_max_cents), 'paid'
   FROM t
   JOIN s ON s.n = 1 + (t.i * 7) % (SELECT count(*) FROM s)
   JOIN v ON v.n = 1 + t.i % ${sizes.users}
   JOIN lots l ON l.id = s.lot_id`,
  `INSERT INTO payments (session_id, lot_id, user_id, amount_cents, currency, method, created_at)
   SELECT id, lot_id, user_id, amount_cents, currency, 'card', ended_at FROM sessions`,
];

/** Migrates and fills the database; returns what the load needs to address it. */
export async function seedDatabase(db) {
  await db.migrate();
  const passwordHash = await hashPassword(benchPassword);
  await db.sql.transaction(async (tx) => {
    for (const statement of statements) await tx.query(statement, statement.includes("$1") ? [passwordHash] : []);
  });
  // Fresh tables have no statistics; the planner would guess until autovacuum runs.
  await db.sql.exec("ANALYZE");
  const lots = await db.sql.query(`SELECT id, name FROM lots ORDER BY name`);
  const users = await db.sql.query(`SELECT u.id, u.username, v.id AS "vehicleId" FROM users u JOIN vehicles v ON v.user_id = u.id ORDER BY u.username`);
  const [counts] = await db.sql.query(
    `SELECT (SELECT count(*) FROM spots)::int AS spots, (SELECT count(*) FROM sessions)::int AS sessions,
            (SELECT count(*) FROM spot_holds)::int AS holds`,
  );
  return { lots, users, counts };
}
