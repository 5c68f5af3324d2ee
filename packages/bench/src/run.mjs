// pnpm bench [--pg] [--duration s] [--connections n] [--only a,b] [--profile dir] [--subscribers n] [--fast-path on|off]
//
// Seeds a throwaway database, starts the built server and a bare node:http
// baseline as child processes, drives one target at a time with autocannon,
// prints a table and keeps it as JSON under bench-results/. With --subscribers,
// reservations.create runs three times back to back: alone, with that many
// lots.onAvailability streams open on the lots it books, and alone again.
import { mkdir, writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { bookingCeiling } from "./ceiling.mjs";
import { createDatabase, seedDatabase, sizes } from "./seed.mjs";
import { repoRoot, startBaseline, startPark } from "./servers.mjs";
import { openSubscribers } from "./subscribers.mjs";
import { autocannonRequests, buildTargets, checkTarget, login, targetNames } from "./targets.mjs";

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== "--"),
  options: {
    pg: { type: "boolean", default: false },
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "32" },
    only: { type: "string" },
    profile: { type: "string" },
    subscribers: { type: "string", default: "0" },
    "fast-path": { type: "string", default: "on" },
  },
});

const duration = Number(args.duration);
const connections = Number(args.connections);
const subscribers = Number(args.subscribers);
const watchedLabel = `reservations.create (${subscribers} subscribers)`;
const againLabel = "reservations.create (again, none)";
const only = args.only?.split(",").map((s) => s.trim());
const pgUrl = args.pg || process.env.BENCH_DATABASE_URL ? (process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres") : undefined;
// Enough distinct users that no two concurrent bookings of one vehicle overlap, and few enough to log in quickly.
const signedInCount = 100;
const maxErrorRate = 0.01;

const unknown = only?.filter((name) => !targetNames.includes(name)) ?? [];
if (
  !(duration > 0) ||
  !(connections > 0) ||
  !Number.isInteger(subscribers) ||
  subscribers < 0 ||
  !["on", "off"].includes(args["fast-path"]) ||
  unknown.length > 0
) {
  console.error(`bench: bad arguments${unknown.length ? ` (unknown targets: ${unknown.join(", ")}; known: ${targetNames.join(", ")})` : ""}`);
  process.exit(2);
}

const cleanups = [];
const cleanup = async () => {
  while (cleanups.length > 0)
    await cleanups
      .pop()()
      .catch((error) => console.error(`bench: cleanup failed: ${error.message}`));
};
process.once("SIGINT", () => cleanup().finally(() => process.exit(130)));

const log = (message) => console.log(`[bench] ${message}`);

async function main() {
  const database = await createDatabase({ pgUrl });
  cleanups.push(database.drop);
  log(`seeding ${database.kind}: ${sizes.lots} lots, ${sizes.users} users, ${sizes.sessions} past sessions`);
  let started = Date.now();
  const db = await database.open();
  let seeded;
  try {
    seeded = await seedDatabase(db);
  } finally {
    // PGlite admits one process: the server opens the same folder next.
    await db.close();
  }
  log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s (${JSON.stringify(seeded.counts)})`);

  const selected = (name) => !only || only.includes(name);
  // Before the server starts: the embedded database admits one process at a time.
  let ceiling;
  if (selected("reservations.create")) {
    log(`reservations.create raw-SQL ceiling: ${connections} connections for ${duration} s`);
    const direct = await database.open({ poolSize: connections });
    try {
      const firstSlot = Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 60 * 24 * 3_600_000;
      ceiling = await bookingCeiling({
        db: direct,
        users: seeded.users.slice(0, signedInCount),
        lots: seeded.lots,
        connections,
        durationSeconds: duration,
        firstSlot,
      });
    } finally {
      await direct.close();
    }
  }

  started = Date.now();
  const nodeArgs = args.profile ? ["--cpu-prof", `--cpu-prof-dir=${resolve(args.profile)}`] : [];
  const park = await startPark({ env: { ...database.serverEnv, PARK_FAST_PATH: args["fast-path"] }, nodeArgs });
  cleanups.push(park.stop);
  const baseline = await startBaseline();
  cleanups.push(baseline.stop);
  log(`server ${park.url} and baseline ${baseline.url} up in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  let signedIn = [];
  // Logins are argon2 work on the server: skip them when no target needs a token, so a profile shows only the load.
  if (selected("auth.me") || selected("reservations.create")) {
    started = Date.now();
    signedIn = await login(park.url, seeded.users.slice(0, signedInCount));
    log(`${signedIn.length} users logged in in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }

  const targets = buildTargets({ parkUrl: park.url, baselineUrl: baseline.url, lots: seeded.lots, users: seeded.users, signedIn });
  const results = [];
  const drive = async (target, label = target.name) => {
    log(`${label}: ${connections} connections for ${duration} s`);
    const r = await autocannon({ url: target.url, connections, duration, timeout: 10, requests: autocannonRequests(target) });
    const failed = r.errors + r.non2xx;
    results.push({
      target: label,
      rps: Math.round(r.requests.average),
      p50: r.latency.p50,
      p99: r.latency.p99,
      errors: r.errors,
      non2xx: r.non2xx,
      timeouts: r.timeouts,
      requests: r.requests.total,
      errorRate: failed / Math.max(1, r.requests.total + r.errors),
    });
    // autocannon drops its sockets mid-request; let the server finish those before the next target.
    await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, Math.max(500, r.latency.p99))));
  };
  for (const target of targets.filter((t) => selected(t.name))) {
    await checkTarget(target);
    await drive(target);
    if (target.name === "reservations.create" && subscribers > 0) {
      // Spread over every lot the target books, so each booking's lot has watchers.
      const live = await openSubscribers(park.url, seeded.lots, subscribers);
      const before = live.events();
      try {
        await drive(target, watchedLabel);
      } finally {
        live.close();
      }
      log(
        `${subscribers} subscribers on ${Math.min(subscribers, seeded.lots.length)} lots: ${live.events() - before} values received during the run, ${live.dropped()} streams dropped`,
      );
      if (live.dropped() > 0) throw new Error(`${live.dropped()} subscriber streams ended during the run`);
      // The machine's load and the growing tables drift between runs; a run on each side cancels that out.
      await drive(target, againLabel);
    }
  }
  if (ceiling) {
    const { booked, failed, ...figures } = ceiling;
    results.push({
      target: "reservations.create (raw SQL)",
      ...figures,
      errors: failed,
      non2xx: 0,
      timeouts: 0,
      requests: booked + failed,
      errorRate: failed / Math.max(1, booked + failed),
    });
  }
  return { kind: database.kind, results };
}

function report({ kind, results }) {
  const header = ["target", "req/s", "p50 ms", "p99 ms", "errors", "non-2xx"];
  const rows = results.map((r) => [r.target, r.rps, r.p50, r.p99, r.errors, r.non2xx].map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  const load = loadavg()
    .map((n) => n.toFixed(1))
    .join(" ");
  console.log(`\n${kind}, ${connections} connections, ${duration} s per target, ${cpus().length} cores, node ${process.version}, load average ${load}\n`);
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of rows) console.log(line(row));

  const base = results.find((r) => r.target === "baseline");
  const health = results.find((r) => r.target === "health.check");
  const healthOfBaseline = base && health ? Math.round((health.rps / base.rps) * 1000) / 10 : null;
  if (healthOfBaseline !== null) console.log(`\nhealth.check runs at ${healthOfBaseline}% of the bare node:http baseline`);
  const booking = results.find((r) => r.target === "reservations.create");
  const ceiling = results.find((r) => r.target === "reservations.create (raw SQL)");
  if (booking && ceiling) console.log(`reservations.create runs at ${Math.round((booking.rps / ceiling.rps) * 1000) / 10}% of its raw-SQL ceiling`);
  const watched = results.find((r) => r.target === watchedLabel);
  const again = results.find((r) => r.target === againLabel);
  if (booking && watched && again) {
    const without = (booking.rps + again.rps) / 2;
    console.log(
      `reservations.create with ${subscribers} subscribers runs at ${Math.round((watched.rps / without) * 1000) / 10}% of its rate without (the mean of the runs just before and after)`,
    );
  }
  return healthOfBaseline;
}

let exitCode = 0;
try {
  const outcome = await main();
  const healthOfBaseline = report(outcome);
  const at = new Date();
  const file = join(repoRoot, "bench-results", `${outcome.kind}-${at.toISOString().replace(/[:.]/g, "-")}.json`);
  await mkdir(join(repoRoot, "bench-results"), { recursive: true });
  const machine = { cores: cpus().length, cpu: cpus()[0]?.model, node: process.version, platform: process.platform, loadavg: loadavg() };
  await writeFile(
    file,
    `${JSON.stringify({ at, db: outcome.kind, connections, duration, subscribers, sizes, machine, healthOfBaseline, results: outcome.results }, null, 2)}\n`,
  );
  console.log(`results: ${file}`);
  const bad = outcome.results.filter((r) => r.errorRate > maxErrorRate);
  if (bad.length > 0) {
    console.error(`bench: more than ${maxErrorRate * 100}% failed requests on ${bad.map((r) => r.target).join(", ")}`);
    exitCode = 1;
  }
} catch (error) {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);
