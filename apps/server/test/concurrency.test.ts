// No double booking under real concurrency: many clients fire at once against
// built server processes, and the database alone must decide who wins. With
// PostgreSQL two processes share one database, so nothing held in one
// process's memory can be what keeps bookings apart.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPostgresDatabase, postgresAvailable } from "@park/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createParkClient, errorCode, memoryTokenStore, type ParkClient, type TokenStore } from "@park/sdk";
import { invariantCounts, nothingForbidden, withSql } from "./database.ts";
import { spawnServer, type ServerProcess } from "./processes.ts";

const minute = 60_000;
const hour = 60 * minute;
const password = "concurrency-pass-1";
const jwtSecret = "concurrency-suite-secret-0123456789abcdef";
const adminEmail = "admin@concurrency.test";
const adminPassword = "concurrency-admin-1";

// Under CI an unreachable PostgreSQL fails the file here instead of skipping.
const postgresUp = await postgresAvailable();

interface Setup {
  name: string;
  kind: "postgres" | "pglite";
  processes: number;
  /** Spots of the lot filled by lot-level reservations; three times as many drivers race for them. */
  allocSpots: number;
  enabled: boolean;
}

const setups: Setup[] = [
  { name: "postgres, two processes", kind: "postgres", processes: 2, allocSpots: 20, enabled: postgresUp },
  { name: "pglite, one process", kind: "pglite", processes: 1, allocSpots: 10, enabled: true },
];

interface Driver {
  userId: string;
  vehicleId: string;
  client: ParkClient;
}

type LotKey = "sameSpot" | "lotLevel" | "parkNow" | "gate" | "mixed";

type Settled<T> = PromiseSettledResult<T>[];

/** Rejections that are not CONFLICT, described well enough to find them in the server log. */
function unexpected<T>(results: Settled<T>): string[] {
  return results.flatMap((r) => {
    if (r.status === "fulfilled") return [];
    const code = errorCode(r.reason);
    if (code === "CONFLICT") return [];
    const message = r.reason instanceof Error ? r.reason.message : String(r.reason);
    return [`${code ?? "not a tRPC error"}: ${message}`];
  });
}

function fulfilled<T>(results: Settled<T>): T[] {
  return results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
}

function conflicts<T>(results: Settled<T>): number {
  return results.filter((r) => r.status === "rejected" && errorCode(r.reason) === "CONFLICT").length;
}

/** Whole minutes keep windows exact through the database's millisecond timestamps. */
function minuteCeil(ms: number): number {
  return Math.ceil(ms / minute) * minute;
}

async function inBatches<T>(count: number, size: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let start = 0; start < count; start += size) {
    out.push(...(await Promise.all(Array.from({ length: Math.min(size, count - start) }, (_, k) => make(start + k)))));
  }
  return out;
}

// postgresAvailable() has said why when a setup is off.
for (const setup of setups)
  describe.skipIf(!setup.enabled)(`no double booking: ${setup.name}`, () => {
    const allocSpots = setup.allocSpots;
    const sameSpotRacers = 50;
    const lotLevelRacers = 3 * allocSpots;
    const mixedRounds = 5;
    // Registration hashes a password per driver, the slowest part of the setup, so
    // drivers race again in later tests whenever their earlier bookings cannot
    // interfere: the lot-level window does not overlap the same-spot windows. Those
    // who park now or race a walk-up must be fresh, so no earlier booking or parked
    // car of theirs decides the outcome.
    const reservers = { from: 0, count: Math.max(sameSpotRacers, lotLevelRacers) };
    const parkers = { from: reservers.count, count: 10 };
    const mixed = { from: parkers.from + parkers.count, count: 2 * mixedRounds };
    const driverCount = mixed.from + mixed.count;

    let servers: ServerProcess[] = [];
    let database: { url: string; drop(): Promise<void> } | undefined;
    let pgliteDir: string | undefined;
    const timings: [string, number][] = [];

    let admin: ParkClient[] = [];
    /** Gate staff, one client per server. */
    let gate: ParkClient[] = [];
    let all: Driver[] = [];
    const lots = {} as Record<LotKey, { id: string; spotIds: string[] }>;
    const t0 = minuteCeil(Date.now() + hour);
    /** Bookings the races left standing; the database must hold exactly these, nothing from a losing call. */
    let standing = 0;

    const serverAt = (i: number) => servers[i % servers.length]!;
    const clientFor = (i: number, tokens: TokenStore) => createParkClient({ url: serverAt(i).url, tokens });
    /** Error lines the servers logged, to explain an INTERNAL_SERVER_ERROR. */
    const serverErrors = () =>
      servers
        .map((s) =>
          s
            .output()
            .split("\n")
            .filter((line) => line.includes('"level":50') || line.startsWith("park:"))
            .slice(-20)
            .join("\n"),
        )
        .filter(Boolean)
        .join("\n");

    let phaseStart = performance.now();
    /** Setup phases, so a slow run shows where the time went. */
    const mark = (phase: string) => {
      timings.push([`  ${phase}`, Math.round(performance.now() - phaseStart)]);
      phaseStart = performance.now();
    };

    const timed = (name: string, fn: () => Promise<void>) => async () => {
      const started = performance.now();
      try {
        await fn();
      } finally {
        timings.push([name, Math.round(performance.now() - started)]);
      }
    };

    async function driversFrom(from: number, count: number): Promise<Driver[]> {
      const slice = all.slice(from, from + count);
      expect(slice).toHaveLength(count);
      return slice;
    }

    beforeAll(
      timed("setup", async () => {
        phaseStart = performance.now();
        const env: Record<string, string> = { JWT_SECRET: jwtSecret };
        const bootstrap = { ADMIN_EMAIL: adminEmail, ADMIN_PASSWORD: adminPassword };
        if (setup.kind === "postgres") {
          database = await createPostgresDatabase("park_concurrency");
          env.DATABASE_URL = database.url;
        } else {
          pgliteDir = await mkdtemp(join(tmpdir(), "park-concurrency-pglite-"));
        }
        // Started together on purpose: every process migrates at start, and racing that must work. Only the first
        // bootstraps the admin; racing the bootstrap has its own test below, so that a failure there does not
        // hide what these tests find about bookings.
        const spawned = await Promise.allSettled(
          Array.from({ length: setup.processes }, (_, i) =>
            spawnServer({ name: `${setup.kind}-${i}`, env: { ...env, ...(i === 0 ? bootstrap : {}) }, ...(pgliteDir ? { dataDir: pgliteDir } : {}) }),
          ),
        );
        servers = fulfilled(spawned);
        for (const r of spawned) if (r.status === "rejected") throw r.reason;
        await Promise.all(servers.map((s) => s.ready(90_000)));
        mark("servers up");

        const adminTokens = memoryTokenStore();
        const signedIn = await createParkClient({ url: servers[0]!.url, tokens: null }).auth.login.mutate({ login: adminEmail, password: adminPassword });
        adminTokens.set({ accessToken: signedIn.accessToken, refreshToken: signedIn.refreshToken });
        // The same tokens on every process: they share JWT_SECRET and the database.
        admin = servers.map((s) => createParkClient({ url: s.url, tokens: adminTokens }));

        const makeLot = async (key: LotKey, capacity: number) => {
          const lot = await admin[0]!.lots.create.mutate({ name: `Race ${key}`, address: `${key} street 1`, city: "Racetown", hourlyRateCents: 300, capacity });
          const spotIds = (await admin[0]!.spots.list.query({ lotId: lot.id, limit: 100 })).items.map((s) => s.id);
          expect(spotIds).toHaveLength(capacity);
          lots[key] = { id: lot.id, spotIds };
        };
        await Promise.all([makeLot("sameSpot", 3), makeLot("lotLevel", allocSpots), makeLot("parkNow", 3), makeLot("gate", 3), makeLot("mixed", mixedRounds)]);

        mark("lots created");
        const tag = Date.now().toString(36);
        all = await inBatches(driverCount, 25, async (i) => {
          const tokens = memoryTokenStore();
          const client = clientFor(i, tokens);
          const registered = await client.auth.register.mutate({ username: `racer_${tag}_${i}`, email: `racer_${tag}_${i}@concurrency.test`, password });
          tokens.set({ accessToken: registered.accessToken, refreshToken: registered.refreshToken });
          const vehicle = await client.vehicles.create.mutate({ plate: `RC${i.toString().padStart(4, "0")}` });
          return { userId: registered.user.id, vehicleId: vehicle.id, client };
        });

        mark(`${driverCount} drivers registered`);
        if (database) {
          const tokens = memoryTokenStore();
          const registered = await createParkClient({ url: servers[0]!.url, tokens: null }).auth.register.mutate({
            username: `gatekeeper_${tag}`,
            email: `gatekeeper_${tag}@concurrency.test`,
            password,
          });
          tokens.set({ accessToken: registered.accessToken, refreshToken: registered.refreshToken });
          const promoted = await withSql({ url: database.url }, (query) =>
            query(`UPDATE users SET role = 'attendant' WHERE id = $1 RETURNING id`, [registered.user.id]),
          );
          expect(promoted).toHaveLength(1);
          gate = servers.map((s) => createParkClient({ url: s.url, tokens }));
        } else {
          // PGlite belongs to the running server alone, so no SQL can promote an attendant; gate procedures also admit admins.
          gate = admin;
        }
      }),
      180_000,
    );

    afterAll(async () => {
      const results = await Promise.allSettled(servers.map((s) => s.stop()));
      if (pgliteDir) await rm(pgliteDir, { recursive: true, force: true });
      if (database) await database.drop();
      console.log(`[timings] ${setup.name}: ${timings.map(([name, ms]) => `${name} ${ms} ms`).join(", ")}`);
      for (const r of results) if (r.status === "rejected") throw r.reason;
    }, 60_000);

    it(
      "50 drivers booking one spot for overlapping windows: exactly one wins, the rest get CONFLICT",
      timed("same spot", async () => {
        const racers = await driversFrom(reservers.from, sameSpotRacers);
        const lot = lots.sameSpot;
        const spotId = lot.spotIds[1]!;
        const windowOf = (i: number) => ({ startsAt: new Date(t0 + i * minute), endsAt: new Date(t0 + 2 * hour + i * minute) });

        const results = await Promise.allSettled(
          racers.map((d, i) => d.client.reservations.create.mutate({ lotId: lot.id, vehicleId: d.vehicleId, spotId, ...windowOf(i) })),
        );

        const winners = fulfilled(results);
        standing += winners.length;
        expect(unexpected(results), serverErrors()).toEqual([]);
        expect(winners).toHaveLength(1);
        expect(conflicts(results)).toBe(racers.length - 1);
        const winner = winners[0]!;
        expect(winner.status).toBe("confirmed");
        expect(winner.spot.id).toBe(spotId);

        const listed = await admin[1 % admin.length]!.reservations.list.query({ lotId: lot.id, limit: 100 });
        expect(listed.items.map((r) => ({ id: r.id, spot: r.spot.id, status: r.status }))).toEqual([{ id: winner.id, spot: spotId, status: "confirmed" }]);

        const span = { from: windowOf(0).startsAt, to: windowOf(racers.length - 1).endsAt };
        for (const window of [span, { from: winner.startsAt, to: winner.endsAt }]) {
          const free = await admin[0]!.lots.availability.query({ lotId: lot.id, ...window });
          expect(free.spots.map((s) => s.id)).not.toContain(spotId);
          expect(free.spots.map((s) => s.id).sort()).toEqual(lot.spotIds.filter((id) => id !== spotId).sort());
          expect(free.available).toBe(lot.spotIds.length - 1);
        }
      }),
      90_000,
    );

    it(
      `${3 * allocSpots} drivers booking a lot of ${allocSpots} spots without choosing one: every spot goes exactly once`,
      timed("lot-level allocation", async () => {
        const racers = await driversFrom(reservers.from, lotLevelRacers);
        const lot = lots.lotLevel;
        const window = { startsAt: new Date(t0 + 4 * hour), endsAt: new Date(t0 + 6 * hour) };

        const results = await Promise.allSettled(racers.map((d) => d.client.reservations.create.mutate({ lotId: lot.id, vehicleId: d.vehicleId, ...window })));

        const winners = fulfilled(results);
        standing += winners.length;
        expect(unexpected(results), serverErrors()).toEqual([]);
        expect(winners).toHaveLength(allocSpots);
        expect(conflicts(results)).toBe(2 * allocSpots);
        expect(new Set(winners.map((r) => r.spot.id)).size).toBe(allocSpots);
        expect(winners.map((r) => r.spot.id).sort()).toEqual([...lot.spotIds].sort());

        const listed = await admin[1 % admin.length]!.reservations.list.query({ lotId: lot.id, limit: 100 });
        const perSpot = new Map<string, number>();
        for (const r of listed.items) perSpot.set(r.spot.id, (perSpot.get(r.spot.id) ?? 0) + 1);
        expect(listed.items).toHaveLength(allocSpots);
        expect([...perSpot.values()].every((n) => n === 1)).toBe(true);
        expect(perSpot.size).toBe(allocSpots);

        const free = await admin[0]!.lots.availability.query({ lotId: lot.id, from: window.startsAt, to: window.endsAt });
        expect(free.available).toBe(0);
      }),
      90_000,
    );

    it(
      "10 drivers parking now on one spot: exactly one active session, the rest get CONFLICT",
      timed("park now on one spot", async () => {
        const racers = await driversFrom(parkers.from, parkers.count);
        const lot = lots.parkNow;
        const spotId = lot.spotIds[0]!;

        const results = await Promise.allSettled(racers.map((d) => d.client.sessions.start.mutate({ lotId: lot.id, vehicleId: d.vehicleId, spotId })));

        const winners = fulfilled(results);
        standing += winners.length;
        expect(unexpected(results), serverErrors()).toEqual([]);
        expect(winners).toHaveLength(1);
        expect(conflicts(results)).toBe(racers.length - 1);
        expect(winners[0]!.spot.id).toBe(spotId);
        expect(winners[0]!.status).toBe("active");

        const active = await gate[gate.length - 1]!.sessions.list.query({ lotId: lot.id, active: true, limit: 100 });
        expect(active.items.map((s) => ({ id: s.id, spot: s.spot.id }))).toEqual([{ id: winners[0]!.id, spot: spotId }]);
      }),
      90_000,
    );

    it(
      "one plate entering at two gates at once: one session per plate, the other gate gets CONFLICT",
      timed("gate enter x2", async () => {
        const lot = lots.gate;
        const plates = Array.from({ length: 5 }, (_, round) => `GATE${round}X`);
        for (const [round, plate] of plates.entries()) {
          const gates = [gate[round % gate.length]!, gate[(round + 1) % gate.length]!];
          const results = await Promise.allSettled(gates.map((g) => g.gate.enter.mutate({ lotId: lot.id, plate })));

          const entered = fulfilled(results);
          standing += entered.length;
          expect(unexpected(results), `round ${round}\n${serverErrors()}`).toEqual([]);
          expect(entered, `round ${round}`).toHaveLength(1);
          expect(conflicts(results)).toBe(1);
          expect(entered[0]!.plate).toBe(plate);

          const active = await gate[0]!.sessions.list.query({ lotId: lot.id, active: true, limit: 100 });
          expect(active.items.map((s) => s.id)).toEqual([entered[0]!.id]);

          const exited = await gates[1]!.gate.exit.mutate({ lotId: lot.id, plate });
          standing -= 1;
          expect(exited.id).toBe(entered[0]!.id);
          expect(exited.status).toBe("completed");
        }

        const sessions = await gate[0]!.sessions.list.query({ lotId: lot.id, limit: 100 });
        for (const plate of plates)
          expect(
            sessions.items.filter((s) => s.plate === plate),
            plate,
          ).toHaveLength(1);
        expect(sessions.items.every((s) => s.status === "completed")).toBe(true);
      }),
      90_000,
    );

    it(
      "a reservation starting now and a walk-up on the same spot at once: exactly one wins",
      timed("reserve vs walk-up", async () => {
        const racers = await driversFrom(mixed.from, mixed.count);
        const lot = lots.mixed;
        for (let round = 0; round < mixedRounds; round++) {
          const booker = racers[2 * round]!;
          const walker = racers[2 * round + 1]!;
          const spotId = lot.spotIds[round]!;
          const now = Date.now();
          const reserve = () =>
            booker.client.reservations.create.mutate({
              lotId: lot.id,
              vehicleId: booker.vehicleId,
              spotId,
              startsAt: new Date(now),
              endsAt: new Date(now + 2 * hour),
            });
          const park = () => walker.client.sessions.start.mutate({ lotId: lot.id, vehicleId: walker.vehicleId, spotId });
          // Which request leaves first alternates, so neither side always has the head start.
          const [reserved, parked] =
            round % 2 === 0 ? await Promise.allSettled([reserve(), park()]) : await Promise.allSettled([park(), reserve()]).then(([p, r]) => [r, p] as const);

          const results = [reserved!, parked!] as Settled<unknown>;
          standing += fulfilled(results).length;
          expect(unexpected(results), `round ${round}\n${serverErrors()}`).toEqual([]);
          expect(fulfilled(results), `round ${round}`).toHaveLength(1);
          expect(conflicts(results)).toBe(1);

          const [bookings, sessions] = await Promise.all([
            admin[0]!.reservations.list.query({ lotId: lot.id, limit: 100 }),
            admin[admin.length - 1]!.sessions.list.query({ lotId: lot.id, active: true, limit: 100 }),
          ]);
          const onSpot = bookings.items.filter((r) => r.spot.id === spotId).length + sessions.items.filter((s) => s.spot.id === spotId).length;
          expect(onSpot, `round ${round}`).toBe(1);
        }
      }),
      90_000,
    );

    it(
      "the database holds no overlapping bookings of one spot and no plate or spot with two active sessions",
      timed("database invariants", async () => {
        if (!database) {
          // PGlite opens its folder exclusively: the server must be gone before the folder can be read.
          await Promise.all(servers.map((s) => s.stop({ keepDataDir: true })));
        }
        const counts = await withSql(database ? { url: database.url } : { dataDir: join(pgliteDir!, "db") }, (query) => invariantCounts(query));
        expect(counts).toMatchObject(nothingForbidden);
        expect(counts.activeHolds).toBe(standing);
      }),
      90_000,
    );
  });

describe.skipIf(!postgresUp)("several processes starting at once on one new PostgreSQL database", () => {
  let database: { url: string; drop(): Promise<void> } | undefined;
  let servers: ServerProcess[] = [];

  afterAll(async () => {
    const results = await Promise.allSettled(servers.map((s) => s.stop()));
    if (database) await database.drop();
    for (const r of results) if (r.status === "rejected") throw r.reason;
  }, 60_000);

  it("all migrate, all bootstrap the same admin, all serve, and the admin exists once", async () => {
    const started = performance.now();
    database = await createPostgresDatabase("park_concurrency_start");
    // Identical configuration, as a deployment of several replicas would have. Three, because the
    // window between "no such admin yet" and creating it is short.
    const env = { JWT_SECRET: jwtSecret, ADMIN_EMAIL: adminEmail, ADMIN_PASSWORD: adminPassword, DATABASE_URL: database.url };
    const spawned = await Promise.allSettled(Array.from({ length: 3 }, (_, i) => spawnServer({ name: `start-${i}`, env })));
    servers = fulfilled(spawned);
    for (const r of spawned) if (r.status === "rejected") throw r.reason;
    const ready = await Promise.allSettled(servers.map((s) => s.ready(90_000)));
    expect(ready.flatMap((r) => (r.status === "rejected" ? [String(r.reason)] : []))).toEqual([]);

    for (const server of servers) {
      const signedIn = await createParkClient({ url: server.url, tokens: null }).auth.login.mutate({ login: adminEmail, password: adminPassword });
      expect(signedIn.user.role).toBe("admin");
    }
    const [admins, migrations] = await withSql({ url: database.url }, (query) =>
      Promise.all([
        query(`SELECT count(*)::int AS n FROM users WHERE email = $1`, [adminEmail]),
        query(`SELECT count(*)::int AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL`),
      ]),
    );
    expect(admins[0]!.n).toBe(1);
    expect(migrations[0]!.n).toBeGreaterThan(0);
    console.log(`[timings] processes starting at once: ${Math.round(performance.now() - started)} ms`);
  }, 120_000);
});
