// pnpm bench:reports [--runs n] [--days n] [--no-http]
//
// admin.reports.summary over a year of history: seeds 1,000,000 sessions
// (with their payments) and 200,000 reservations over 20 lots in five
// timezones and four currencies on PostgreSQL, then times a report over the
// last `--days` days of every lot, called through the service function and
// through the built server over HTTP. PostgreSQL only (BENCH_DATABASE_URL, or
// the local server): the seed writes straight into the tables with triggers
// and foreign-key checks off, which needs a superuser.
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import superjson from "superjson";
import { reportSummary, systemClock } from "@park/api";
import { hashPassword } from "@park/db";
import { createDatabase } from "./seed.mjs";
import { startPark } from "./servers.mjs";

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== "--"),
  options: {
    pg: { type: "boolean", default: true },
    runs: { type: "string", default: "7" },
    days: { type: "string", default: "90" },
    "no-http": { type: "boolean", default: false },
  },
});
const runs = Number(args.runs);
const days = Number(args.days);
if (!(runs > 0) || !(days >= 1 && days <= 366)) {
  console.error("bench:reports: --runs must be positive and --days between 1 and 366");
  process.exit(2);
}
const pgUrl = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const sizes = { lots: 20, spotsPerLot: 100, sessionsPerSpot: 500, reservations: 200_000, users: 1_000 };
const password = "benchpass123";
const log = (message) => console.log(`[bench:reports] ${message}`);

// Each spot's year is cut into back-to-back slots, one stay inside each, so
// a spot never holds two cars; 85% of stays are paid a few minutes after
// they end, 10% are unpaid, 5% waived. Each vehicle's reservations fall in
// windows of their own, so none overlap.
const seedStatements = [
  `SET LOCAL session_replication_role = replica`,
  `SELECT setseed(0.42)`,
  `INSERT INTO lots (name, address, city, timezone, currency, hourly_rate_cents, daily_max_cents)
   SELECT format('Report Lot %s', lpad(i::text, 2, '0')), format('%s Report Street', i), z.city, z.tz, z.currency, 150 + 10 * i, 2000
   FROM generate_series(1, ${sizes.lots}) i
   JOIN (VALUES (0, 'Lisbon', 'Europe/Lisbon', 'EUR'), (1, 'New York', 'America/New_York', 'USD'), (2, 'London', 'Europe/London', 'GBP'),
                (3, 'Mumbai', 'Asia/Kolkata', 'INR'), (4, 'Berlin', 'Europe/Berlin', 'EUR')) AS z(n, city, tz, currency) ON z.n = i % 5`,
  `INSERT INTO levels (lot_id, name, position) SELECT id, 'L1', 0 FROM lots`,
  `INSERT INTO rows (lot_id, level_id, name, position)
   SELECT lv.lot_id, lv.id, r.name, r.position FROM levels lv CROSS JOIN (VALUES ('A', 0), ('B', 1), ('C', 2), ('D', 3), ('E', 4)) AS r(name, position)`,
  `INSERT INTO spots (lot_id, level_id, row_id, label, position)
   SELECT r.lot_id, r.level_id, r.id, r.name || n, n FROM rows r CROSS JOIN generate_series(1, ${sizes.spotsPerLot / 5}) n`,
  `INSERT INTO users (username, email, password_hash)
   SELECT 'rb' || i, 'rb' || i || '@bench.example', 'not a hash' FROM generate_series(1, ${sizes.users}) i`,
  `INSERT INTO vehicles (user_id, plate) SELECT id, 'RB' || substr(username, 3) FROM users`,
  `CREATE TEMP TABLE bench_spots ON COMMIT DROP AS
   SELECT row_number() OVER (ORDER BY s.id) - 1 AS n, s.id, s.lot_id, l.currency, l.hourly_rate_cents FROM spots s JOIN lots l ON l.id = s.lot_id`,
  `INSERT INTO sessions (lot_id, spot_id, plate, source, status, started_at, ended_at, amount_cents, currency, payment_status)
   SELECT sp.lot_id, sp.id, 'S' || sp.n || 'X' || k, 'gate', 'completed', t.started_at, t.started_at + t.stay,
          ceil(extract(epoch FROM t.stay) / 3600)::int * sp.hourly_rate_cents, sp.currency,
          (CASE WHEN t.r < 0.85 THEN 'paid' WHEN t.r < 0.95 THEN 'unpaid' ELSE 'waived' END)::"PaymentStatus"
   FROM bench_spots sp
   CROSS JOIN generate_series(0, ${sizes.sessionsPerSpot - 1}) k
   CROSS JOIN LATERAL (
     SELECT now() - interval '365 days' + k * (interval '365 days' / ${sizes.sessionsPerSpot})
              + random() * 0.5 * (interval '365 days' / ${sizes.sessionsPerSpot}) AS started_at,
            interval '20 minutes' + random() * interval '7 hours' AS stay, random() AS r
   ) t`,
  `INSERT INTO payments (session_id, lot_id, amount_cents, currency, method, created_at)
   SELECT id, lot_id, amount_cents, currency, 'card', ended_at + random() * interval '10 minutes' FROM sessions WHERE payment_status = 'paid'`,
  `CREATE TEMP TABLE bench_vehicles ON COMMIT DROP AS SELECT row_number() OVER (ORDER BY id) - 1 AS n, id, user_id FROM vehicles`,
  `INSERT INTO reservations (user_id, lot_id, spot_id, vehicle_id, starts_at, ends_at, status, amount_cents, currency)
   SELECT v.user_id, sp.lot_id, sp.id, v.id, t.starts_at, t.starts_at + t.length,
          (CASE WHEN t.r < 0.6 THEN 'completed' WHEN t.r < 0.8 THEN 'cancelled' WHEN t.r < 0.9 THEN 'expired' ELSE 'confirmed' END)::"ReservationStatus",
          500, sp.currency
   FROM generate_series(0, ${sizes.reservations - 1}) i
   JOIN bench_vehicles v ON v.n = i % ${sizes.users}
   JOIN bench_spots sp ON sp.n = (i * 7) % (${sizes.lots * sizes.spotsPerLot})
   CROSS JOIN LATERAL (
     SELECT now() - interval '366 days' + (i / ${sizes.users}) * (interval '365 days' / ${sizes.reservations / sizes.users})
              + random() * interval '24 hours' AS starts_at,
            interval '1 hour' + random() * interval '3 hours' AS length, random() AS r
   ) t`,
];

function summarize(times) {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: Math.round(sorted[Math.floor((sorted.length - 1) / 2)]), max: Math.round(sorted.at(-1)) };
}

async function timed(fn) {
  const started = performance.now();
  const result = await fn();
  return { ms: performance.now() - started, result };
}

/** A warm-up call, then `runs` timed ones; every call must describe every lot and day. */
async function measure(call, expectLots) {
  const check = (summary) => {
    if (summary.lots.length !== expectLots || summary.lots.some((lot) => lot.days.length !== days)) {
      throw new Error(`expected ${expectLots} lots of ${days} days, got ${summary.lots.length}`);
    }
    return summary;
  };
  check(await call());
  const times = [];
  let last;
  for (let i = 0; i < runs; i++) {
    const { ms, result } = await timed(call);
    last = check(result);
    times.push(ms);
  }
  return { ...summarize(times), last };
}

async function main() {
  const database = await createDatabase({ pgUrl });
  const cleanups = [database.drop];
  try {
    const db = await database.open({ poolSize: 4 });
    cleanups.unshift(() => db.close());
    await db.migrate();
    log(
      `seeding ${sizes.lots} lots × ${sizes.spotsPerLot} spots, ${sizes.lots * sizes.spotsPerLot * sizes.sessionsPerSpot} sessions, ${sizes.reservations} reservations`,
    );
    let { ms } = await timed(() =>
      db.sql.transaction(async (tx) => {
        for (const statement of seedStatements) await tx.query(statement);
      }),
    );
    await db.sql.exec("ANALYZE");
    const [counts] = await db.sql.query(
      `SELECT (SELECT count(*) FROM sessions)::int AS sessions, (SELECT count(*) FROM payments)::int AS payments,
              (SELECT count(*) FROM reservations)::int AS reservations`,
    );
    log(`seeded in ${(ms / 1000).toFixed(1)} s: ${JSON.stringify(counts)}`);

    const to = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const from = new Date(Date.parse(to) - (days - 1) * 86_400_000).toISOString().slice(0, 10);
    const input = { from, to };
    const services = { db: db.prisma, clock: systemClock };
    const [oneLot] = await db.sql.query(`SELECT id FROM lots ORDER BY name LIMIT 1`);

    log(`${from} to ${to}, every lot, through the service, one statement: 1 warm-up + ${runs} runs`);
    const serial = await measure(() => reportSummary(services, input), sizes.lots);
    log(`${from} to ${to}, every lot, through the service, two statements on one snapshot: 1 warm-up + ${runs} runs`);
    const service = await measure(() => reportSummary({ ...services, readParallelism: 2 }, input), sizes.lots);
    log(`${from} to ${to}, one lot, through the service`);
    const single = await measure(() => reportSummary(services, { ...input, lotId: oneLot.id }), 1);

    let http;
    if (!args["no-http"]) {
      await db.sql.query(`INSERT INTO users (username, email, password_hash, role) VALUES ('rbadmin', 'rbadmin@bench.example', $1, 'admin')`, [
        await hashPassword(password),
      ]);
      const park = await startPark({ env: database.serverEnv });
      cleanups.unshift(park.stop);
      const login = await fetch(`${park.url}/trpc/auth.login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(superjson.serialize({ login: "rbadmin", password })),
      });
      if (!login.ok) throw new Error(`admin login failed with ${login.status}`);
      const { accessToken } = superjson.deserialize((await login.json()).result.data);
      const url = `${park.url}/trpc/admin.reports.summary?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`;
      log(`${from} to ${to}, every lot, over HTTP: 1 warm-up + ${runs} runs`);
      http = await measure(async () => {
        const res = await fetch(url, { headers: { authorization: `Bearer ${accessToken}` } });
        const body = await res.text();
        if (!res.ok) throw new Error(`admin.reports.summary answered ${res.status}: ${body.slice(0, 300)}`);
        return superjson.deserialize(JSON.parse(body).result.data);
      }, sizes.lots);
    }

    const totals = service.last.totals;
    const load = loadavg()
      .map((n) => n.toFixed(1))
      .join(" ");
    console.log(`\nadmin.reports.summary, ${days} days, PostgreSQL, ${cpus().length} cores, node ${process.version}, load average ${load}\n`);
    console.log(`through the service, every lot, 1 connection    p50 ${serial.p50} ms   max ${serial.max} ms`);
    console.log(`through the service, every lot, 2 connections   p50 ${service.p50} ms   max ${service.max} ms`);
    console.log(`through the service, one lot                    p50 ${single.p50} ms   max ${single.max} ms`);
    if (http) console.log(`over HTTP, every lot (server's own setting)    p50 ${http.p50} ms   max ${http.max} ms`);
    console.log(
      `\n${totals.sessions} sessions started, ${totals.endedSessions} ended, occupancy ${(totals.occupancyRate * 100).toFixed(1)}%, revenue ${totals.revenue
        .map((m) => `${m.currency} ${(m.collectedCents / 100).toFixed(2)} collected / ${(m.outstandingCents / 100).toFixed(2)} outstanding`)
        .join("; ")}`,
    );
  } finally {
    for (const cleanup of cleanups) await cleanup().catch((error) => console.error(`bench:reports: cleanup failed: ${error.message}`));
  }
}

await main();
