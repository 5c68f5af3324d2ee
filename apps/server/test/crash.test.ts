// No crash loses a committed change: the built server is killed with SIGKILL
// in the middle of a stream of bookings, started again on the same data, and
// every booking it had acknowledged is still there, with the database's
// rules intact.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPostgresDatabase, postgresAvailable } from "@park/db/testing";
import { createParkClient, memoryTokenStore, type ParkClient } from "@park/sdk";
import { afterAll, describe, expect, it } from "vitest";
import { invariantCounts, nothingForbidden, withSql } from "./database.ts";
import { spawnServer, type ServerProcess } from "./processes.ts";

const kills = 3;
const jwtSecret = "crash-suite-secret-0123456789abcdefghijkl";
const adminEmail = "admin@crash.test";
const adminPassword = "crash-admin-pass-1";
const hour = 3_600_000;

const postgresUp = await postgresAvailable();

describe.each([
  { kind: "pglite" as const, enabled: true },
  { kind: "postgres" as const, enabled: postgresUp },
])("SIGKILL under load on $kind", ({ kind, enabled }) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }, 60_000);

  it.runIf(enabled)(
    `${kills} kills mid-write lose no acknowledged booking`,
    async () => {
      const dataDir = await mkdtemp(join(tmpdir(), `park-crash-${kind}-`));
      cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
      const env: Record<string, string> = { JWT_SECRET: jwtSecret, ADMIN_EMAIL: adminEmail, ADMIN_PASSWORD: adminPassword };
      let url: string | undefined;
      if (kind === "postgres") {
        const database = await createPostgresDatabase("park_crash");
        cleanups.push(database.drop);
        url = database.url;
        env.DATABASE_URL = url;
      }
      const start = async (round: number): Promise<ServerProcess> => {
        const server = await spawnServer({ name: `crash-${kind}-${round}`, env, dataDir });
        cleanups.push(() => server.stop({ keepDataDir: true }));
        await server.ready(90_000);
        return server;
      };

      let server = await start(0);
      const admin = await signIn(server.url);
      const lot = await admin.lots.create.mutate({ name: `Crash ${kind}`, address: "1 Crash Rd", city: "Crashtown", hourlyRateCents: 100, capacity: 200 });
      const drivers = await Promise.all(
        Array.from({ length: 8 }, async (_, i) => {
          const tokens = memoryTokenStore();
          const client = createParkClient({ url: server.url, tokens });
          const registered = await client.auth.register.mutate({
            username: `crash_${kind}_${i}`,
            email: `crash_${kind}_${i}@crash.test`,
            password: "crash-password-1",
          });
          tokens.set({ accessToken: registered.accessToken, refreshToken: registered.refreshToken });
          const vehicle = await client.vehicles.create.mutate({ plate: `CR${kind.slice(0, 2).toUpperCase()}${i}` });
          return { tokens, vehicleId: vehicle.id };
        }),
      );

      const acknowledged = new Set<string>();
      const base = Math.ceil((Date.now() + 2 * hour) / hour) * hour;
      let slot = 0;
      for (let round = 1; round <= kills; round++) {
        // Eight drivers book as fast as they can; the process dies at a moment the test does not choose.
        let stop = false;
        const load = drivers.map(async (d) => {
          const client = createParkClient({ url: server.url, tokens: d.tokens, batch: false });
          while (!stop) {
            const startsAt = new Date(base + slot++ * hour);
            try {
              const booked = await client.reservations.create.mutate({
                lotId: lot.id,
                vehicleId: d.vehicleId,
                startsAt,
                endsAt: new Date(startsAt.getTime() + hour),
              });
              acknowledged.add(booked.id);
            } catch {
              // Calls cut by the kill have no answer: they may or may not have committed.
            }
          }
        });
        // Once the round has had bookings acknowledged, however slow the machine is today, and then
        // at a moment the test does not choose.
        const before = acknowledged.size;
        const deadline = Date.now() + 60_000;
        while (acknowledged.size === before && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
        await new Promise((resolve) => setTimeout(resolve, 200 + Math.random() * 600));
        server.child.kill("SIGKILL");
        await new Promise((resolve) => server.child.once("exit", resolve));
        stop = true;
        await Promise.all(load);

        server = await start(round);
        const listed = await listAll(await signIn(server.url), lot.id);
        const missing = [...acknowledged].filter((id) => !listed.has(id));
        expect(missing, `round ${round}: acknowledged before the kill, gone after it`).toEqual([]);
      }
      expect(acknowledged.size).toBeGreaterThan(kills);

      await server.stop({ keepDataDir: true });
      const counts = await withSql(url ? { url } : { dataDir: join(dataDir, "db") }, (query) => invariantCounts(query));
      expect(counts).toMatchObject(nothingForbidden);
    },
    240_000,
  );
});

async function signIn(url: string): Promise<ParkClient> {
  const tokens = memoryTokenStore();
  const result = await createParkClient({ url, tokens: null }).auth.login.mutate({ login: adminEmail, password: adminPassword });
  tokens.set({ accessToken: result.accessToken, refreshToken: result.refreshToken });
  return createParkClient({ url, tokens });
}

async function listAll(admin: ParkClient, lotId: string): Promise<Set<string>> {
  const ids = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await admin.reservations.list.query({ lotId, limit: 100, ...(cursor ? { cursor } : {}) });
    for (const r of page.items) ids.add(r.id);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return ids;
}
