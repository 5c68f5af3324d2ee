// Two calls that conflict, fired at the same instant at two server processes
// sharing one PostgreSQL (and at the one process owning an embedded
// database): a change that retires a vehicle, lot, spot or account against a
// booking that depends on it. Exactly one of the two wins, every round, and
// the database never holds the forbidden combination.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase, type Database } from "@park/db";
import { createPostgresDatabase, postgresAvailable } from "@park/db/testing";
import { appCode, createParkClient, errorCode, memoryTokenStore, type ParkClient } from "@park/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invariantCounts, nothingForbidden, withSql } from "./database.ts";
import { spawnServer, type ServerProcess } from "./processes.ts";

// Each round races the two calls afresh on two processes; RACE_ROUNDS runs more for a deeper search.
const rounds = Number(process.env.RACE_ROUNDS ?? 5);
const hour = 3_600_000;
const jwtSecret = "race-suite-secret-0123456789abcdefghijkl";
const adminEmail = "admin@races.test";
const adminPassword = "races-admin-pass-1";

const postgresUp = await postgresAvailable();

const setups = [
  { name: "postgres, two processes", kind: "postgres" as const, processes: 2, enabled: postgresUp },
  { name: "pglite, one process", kind: "pglite" as const, processes: 1, enabled: true },
];

type Outcome = { ok: true } | { ok: false; code: string | undefined; appCode: string | undefined; message: string };

async function settle(call: Promise<unknown>): Promise<Outcome> {
  try {
    await call;
    return { ok: true };
  } catch (error) {
    return { ok: false, code: errorCode(error), appCode: appCode(error), message: error instanceof Error ? error.message : String(error) };
  }
}

/** Minutes from a base time, whole minutes so windows compare exactly. */
const at = (base: number, minutes: number) => new Date(base + minutes * 60_000);

// postgresAvailable() has said why when a setup is off.
for (const setup of setups)
  describe.skipIf(!setup.enabled)(`check-then-act races: ${setup.name}`, () => {
    let servers: ServerProcess[] = [];
    let database: { url: string; drop(): Promise<void> } | undefined;
    let pgliteDir: string | undefined;
    /** The same admin, one client per process. */
    let admin: ParkClient[] = [];
    const base = Math.ceil((Date.now() + 2 * hour) / 60_000) * 60_000;
    const tag = Date.now().toString(36);
    let people = 0;

    /** The other process, when there are two. */
    const a = 0;
    const b = () => 1 % servers.length;

    beforeAll(async () => {
      const env: Record<string, string> = { JWT_SECRET: jwtSecret, ADMIN_EMAIL: adminEmail, ADMIN_PASSWORD: adminPassword };
      if (setup.kind === "postgres") {
        database = await createPostgresDatabase("park_races");
        env.DATABASE_URL = database.url;
      } else {
        pgliteDir = await mkdtemp(join(tmpdir(), "park-races-"));
      }
      servers = await Promise.all(
        Array.from({ length: setup.processes }, (_, i) => spawnServer({ name: `races-${setup.kind}-${i}`, env, ...(pgliteDir ? { dataDir: pgliteDir } : {}) })),
      );
      await Promise.all(servers.map((s) => s.ready(90_000)));
      const tokens = memoryTokenStore();
      const signedIn = await createParkClient({ url: servers[0]!.url, tokens: null }).auth.login.mutate({ login: adminEmail, password: adminPassword });
      tokens.set({ accessToken: signedIn.accessToken, refreshToken: signedIn.refreshToken });
      admin = servers.map((s) => createParkClient({ url: s.url, tokens }));
    }, 120_000);

    afterAll(async () => {
      await Promise.allSettled(servers.map((s) => s.stop()));
      if (pgliteDir) await rm(pgliteDir, { recursive: true, force: true });
      if (database) await database.drop();
    }, 60_000);

    /** A new driver with one client per process. */
    async function driver(): Promise<{ id: string; on: ParkClient[] }> {
      const n = people++;
      const tokens = memoryTokenStore();
      const registered = await createParkClient({ url: servers[0]!.url, tokens: null }).auth.register.mutate({
        username: `racer_${tag}_${n}`,
        email: `racer_${tag}_${n}@races.test`,
        password: "racing-password-1",
      });
      tokens.set({ accessToken: registered.accessToken, refreshToken: registered.refreshToken });
      return { id: registered.user.id, on: servers.map((s) => createParkClient({ url: s.url, tokens })) };
    }

    async function lotWith(capacity: number, name: string) {
      const lot = await admin[a]!.lots.create.mutate({ name: `${name} ${tag}`, address: "1 Race St", city: "Racetown", hourlyRateCents: 200, capacity });
      const spots = (await admin[a]!.spots.list.query({ lotId: lot.id, limit: 100 })).items.map((s) => s.id);
      return { id: lot.id, spots };
    }

    /**
     * Fires both calls in the same tick, alternating which leaves first, and
     * checks that exactly one wins and the loser fails the way it should.
     */
    async function race(round: number, first: () => Promise<unknown>, second: () => Promise<unknown>, losers: { first: string[]; second: string[] }) {
      const [x, y] =
        round % 2 === 0
          ? await Promise.all([settle(first()), settle(second())])
          : await Promise.all([settle(second()), settle(first())]).then(([s, f]) => [f, s] as const);
      const context = `round ${round}: ${JSON.stringify({ first: x, second: y })}\n${serverErrors()}`;
      expect([x.ok, y.ok].filter(Boolean), context).toHaveLength(1);
      if (!x.ok) expect(losers.first, context).toContain(x.appCode);
      if (!y.ok) expect(losers.second, context).toContain(y.appCode);
    }

    const serverErrors = () =>
      servers
        .map((s) =>
          s
            .output()
            .split("\n")
            .filter((line) => line.includes('"level":50'))
            .slice(-5)
            .join("\n"),
        )
        .filter(Boolean)
        .join("\n");

    it(`vehicles.remove against reservations.create with that vehicle, ${rounds} rounds`, async () => {
      const lot = await lotWith(rounds + 2, "Remove vs book");
      const d = await driver();
      for (let round = 0; round < rounds; round++) {
        const vehicle = await d.on[a]!.vehicles.create.mutate({ plate: `RV${round}X${tag.slice(-4)}` });
        await race(
          round,
          () => d.on[a]!.vehicles.remove.mutate({ id: vehicle.id }),
          () => d.on[b()]!.reservations.create.mutate({ lotId: lot.id, vehicleId: vehicle.id, startsAt: at(base, 0), endsAt: at(base, 60) }),
          { first: ["VEHICLE_IN_USE"], second: ["NOT_FOUND"] },
        );
      }
    }, 120_000);

    it(`vehicles.remove against sessions.start with that vehicle, ${rounds} rounds`, async () => {
      const lot = await lotWith(rounds + 2, "Remove vs park");
      const d = await driver();
      for (let round = 0; round < rounds; round++) {
        const vehicle = await d.on[a]!.vehicles.create.mutate({ plate: `PV${round}X${tag.slice(-4)}` });
        await race(
          round,
          () => d.on[a]!.vehicles.remove.mutate({ id: vehicle.id }),
          () => d.on[b()]!.sessions.start.mutate({ lotId: lot.id, vehicleId: vehicle.id }),
          { first: ["VEHICLE_IN_USE"], second: ["NOT_FOUND"] },
        );
      }
    }, 120_000);

    it(`lots.delete against reservations.create of one of its spots, ${rounds} rounds`, async () => {
      const d = await driver();
      const vehicle = await d.on[a]!.vehicles.create.mutate({ plate: `LD${tag.slice(-6)}` });
      for (let round = 0; round < rounds; round++) {
        const lot = await lotWith(1, `Delete vs book ${round}`);
        await race(
          round,
          () => admin[a]!.lots.delete.mutate({ id: lot.id }),
          () =>
            d.on[b()]!.reservations.create.mutate({
              lotId: lot.id,
              vehicleId: vehicle.id,
              spotId: lot.spots[0]!,
              startsAt: at(base, 120 * round),
              endsAt: at(base, 120 * round + 60),
            }),
          { first: ["LOT_HAS_BOOKINGS"], second: ["NOT_FOUND"] },
        );
      }
    }, 120_000);

    it(`lots.delete against a walk-up at its gate, ${rounds} rounds`, async () => {
      for (let round = 0; round < rounds; round++) {
        const lot = await lotWith(1, `Delete vs gate ${round}`);
        await race(
          round,
          () => admin[a]!.lots.delete.mutate({ id: lot.id }),
          () => admin[b()]!.gate.enter.mutate({ lotId: lot.id, plate: `GD${round}X${tag.slice(-4)}` }),
          { first: ["LOT_HAS_ACTIVE_SESSIONS"], second: ["NOT_FOUND"] },
        );
      }
    }, 120_000);

    it(`lots.update shrinking 4 spots to 1 against booking spot 4, ${rounds} rounds`, async () => {
      const d = await driver();
      const vehicle = await d.on[a]!.vehicles.create.mutate({ plate: `SH${tag.slice(-6)}` });
      for (let round = 0; round < rounds; round++) {
        const lot = await lotWith(4, `Shrink vs book ${round}`);
        await race(
          round,
          () => admin[a]!.lots.update.mutate({ id: lot.id, capacity: 1 }),
          () =>
            d.on[b()]!.reservations.create.mutate({
              lotId: lot.id,
              vehicleId: vehicle.id,
              spotId: lot.spots[3]!,
              startsAt: at(base, 120 * round),
              endsAt: at(base, 120 * round + 60),
            }),
          { first: ["SPOT_IN_USE"], second: ["NOT_FOUND"] },
        );
      }
    }, 120_000);

    it(`spots.setOutOfService against sessions.start on that spot, ${rounds} rounds`, async () => {
      const d = await driver();
      for (let round = 0; round < rounds; round++) {
        const lot = await lotWith(1, `Out of service vs park ${round}`);
        const vehicle = await d.on[a]!.vehicles.create.mutate({ plate: `OS${round}X${tag.slice(-4)}` });
        await race(
          round,
          () => admin[a]!.spots.setOutOfService.mutate({ id: lot.spots[0]!, outOfService: true }),
          () => d.on[b()]!.sessions.start.mutate({ lotId: lot.id, vehicleId: vehicle.id, spotId: lot.spots[0]! }),
          { first: ["SPOT_OCCUPIED"], second: ["SPOT_OUT_OF_SERVICE"] },
        );
      }
    }, 120_000);

    it(`spots.setOutOfService against reservations.create of that spot, ${rounds} rounds`, async () => {
      const d = await driver();
      const vehicle = await d.on[a]!.vehicles.create.mutate({ plate: `OR${tag.slice(-6)}` });
      for (let round = 0; round < rounds; round++) {
        // One spot only: a booking that got in first has nowhere to move, so one of the two must lose.
        const lot = await lotWith(1, `Out of service vs book ${round}`);
        await race(
          round,
          () => admin[a]!.spots.setOutOfService.mutate({ id: lot.spots[0]!, outOfService: true }),
          () =>
            d.on[b()]!.reservations.create.mutate({
              lotId: lot.id,
              vehicleId: vehicle.id,
              spotId: lot.spots[0]!,
              startsAt: at(base, 120 * round),
              endsAt: at(base, 120 * round + 60),
            }),
          { first: ["SPOT_HAS_BOOKINGS"], second: ["SPOT_OUT_OF_SERVICE"] },
        );
      }
    }, 120_000);

    it(`auth.changePassword against auth.refresh: no token issued by the refresh outlives the change, ${rounds} rounds`, async () => {
      for (let round = 0; round < rounds; round++) {
        const n = people++;
        const anonymous = servers.map((s) => createParkClient({ url: s.url, tokens: null }));
        const registered = await anonymous[a]!.auth.register.mutate({
          username: `pw_${tag}_${n}`,
          email: `pw_${tag}_${n}@races.test`,
          password: "old-password-1",
        });
        const tokens = memoryTokenStore({ accessToken: registered.accessToken, refreshToken: registered.refreshToken });
        const owner = createParkClient({ url: servers[a]!.url, tokens });
        let issued: string | undefined;
        const change = () => owner.auth.changePassword.mutate({ currentPassword: "old-password-1", newPassword: "new-password-1" });
        const rotate = async () => {
          issued = (await anonymous[b()]!.auth.refresh.mutate({ refreshToken: registered.refreshToken })).refreshToken;
        };
        const [changed, rotated] =
          round % 2 === 0
            ? await Promise.all([settle(change()), settle(rotate())])
            : await Promise.all([settle(rotate()), settle(change())]).then(([r, c]) => [c, r] as const);
        expect(changed, `round ${round}`).toEqual({ ok: true });
        if (rotated.ok) {
          const reuse = await settle(anonymous[a]!.auth.refresh.mutate({ refreshToken: issued! }));
          expect(reuse, `round ${round}: a refresh token issued around the password change still works`).toMatchObject({ ok: false, code: "UNAUTHORIZED" });
        } else {
          expect(rotated.code).toBe("UNAUTHORIZED");
        }
      }
    }, 120_000);

    it(`two password changes at once: exactly one wins, ${rounds} rounds`, async () => {
      for (let round = 0; round < rounds; round++) {
        const d = await driver();
        const [first, second] = await Promise.all([
          settle(d.on[a]!.auth.changePassword.mutate({ currentPassword: "racing-password-1", newPassword: "first-password-1" })),
          settle(d.on[b()]!.auth.changePassword.mutate({ currentPassword: "racing-password-1", newPassword: "second-password-1" })),
        ]);
        expect([first.ok, second.ok].filter(Boolean), `round ${round}: ${JSON.stringify([first, second])}`).toHaveLength(1);
      }
    }, 120_000);

    it.runIf(setup.kind === "postgres")(
      `disabling an account against its booking, ${rounds} rounds`,
      async () => {
        const lot = await lotWith(rounds + 2, "Disable vs book");
        const db: Database = await openDatabase({ url: database!.url, poolSize: 2 });
        try {
          for (let round = 0; round < rounds; round++) {
            const d = await driver();
            const vehicle = await d.on[a]!.vehicles.create.mutate({ plate: `DB${round}X${tag.slice(-4)}` });
            // What the disabling transaction sees once it holds the account: every booking that will ever exist for it.
            const disable = () =>
              db.sql.transaction(async (tx) => {
                await tx.query(`UPDATE users SET disabled = true WHERE id = $1`, [d.id]);
                const [row] = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM reservations WHERE user_id = $1`, [d.id]);
                return row!.n;
              });
            const book = () =>
              settle(d.on[b()]!.reservations.create.mutate({ lotId: lot.id, vehicleId: vehicle.id, startsAt: at(base, 0), endsAt: at(base, 60) }));
            const [seen, booking] =
              round % 2 === 0 ? await Promise.all([disable(), book()]) : await Promise.all([book(), disable()]).then(([bk, s]) => [s, bk] as const);
            const [after] = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM reservations WHERE user_id = $1`, [d.id]);
            expect(after!.n, `round ${round}: ${JSON.stringify(booking)}`).toBe(seen);
            if (!booking.ok) expect(booking.code).toBe("UNAUTHORIZED");
          }
        } finally {
          await db.close();
        }
      },
      120_000,
    );

    it(`two admins demote each other at once: exactly one wins and one active admin remains, ${rounds} rounds`, async () => {
      const activeAdmins = async (client: ParkClient) =>
        (await client.admin.users.list.query({ role: "admin", disabled: false, limit: 100 })).items.map((u) => u.id);
      // Each round starts with exactly two active admins, the pair that races.
      let pair = [await driver(), await driver()] as const;
      for (const member of pair) await admin[a]!.admin.users.update.mutate({ id: member.id, role: "admin" });
      const me = await admin[a]!.auth.me.query();
      await pair[0].on[a]!.admin.users.update.mutate({ id: me.id, role: "user" });
      for (let round = 0; round < rounds; round++) {
        const [x, y] = pair;
        expect((await activeAdmins(x.on[a]!)).sort()).toEqual([x.id, y.id].sort());
        await race(
          round,
          () => x.on[a]!.admin.users.update.mutate({ id: y.id, role: "user" }),
          () => y.on[b()]!.admin.users.update.mutate({ id: x.id, ...(round % 3 === 0 ? { disabled: true } : { role: "attendant" }) }),
          // The loser is refused as the last admin, or, demoted a moment earlier, as no longer an admin.
          { first: ["LAST_ADMIN", "FORBIDDEN", "INVALID_TOKEN"], second: ["LAST_ADMIN", "FORBIDDEN", "INVALID_TOKEN"] },
        );
        const remaining = await activeAdmins(pair[0].on[a]!).catch(() => activeAdmins(pair[1].on[a]!));
        expect(remaining, `round ${round}`).toHaveLength(1);
        const survivor = remaining[0] === x.id ? x : y;
        const next = [await driver(), await driver()] as const;
        for (const member of next) await survivor.on[a]!.admin.users.update.mutate({ id: member.id, role: "admin" });
        await next[0].on[a]!.admin.users.update.mutate({ id: survivor.id, role: "user" });
        pair = next;
      }
    }, 180_000);

    it("the database holds none of the forbidden combinations", async () => {
      if (!database) await Promise.all(servers.map((s) => s.stop({ keepDataDir: true })));
      const counts = await withSql(database ? { url: database.url } : { dataDir: join(pgliteDir!, "db") }, (query) => invariantCounts(query));
      expect(counts).toMatchObject(nothingForbidden);
    }, 60_000);
  });
