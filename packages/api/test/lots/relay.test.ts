// On PostgreSQL the database tells every API instance of every committed lot
// change (triggers NOTIFY, each instance LISTENs on a connection of its own):
// two instances on one database stand for two server processes here.
import { watchSlowdown } from "@park/db/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createApi, createContextInner, type Api } from "../../src/context.ts";
import { createTokenIssuer } from "../../src/domains/auth/tokens.ts";
import { createAvailabilityHub, type AvailabilityHub } from "../../src/domains/lots/availability-hub.ts";
import { availableNow } from "../../src/domains/lots/service.ts";
import { createCaller } from "../../src/root.ts";
import { createTestApi, databases, type Caller, type TestApi } from "../harness.ts";

const settle = (ms = 200) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves the next time the instance's relay (re)starts listening. */
const nextListening = (api: Api) =>
  new Promise<void>((resolve) => {
    const stop = api.changes.onMissed(() => {
      stop();
      resolve();
    });
  });

describe.runIf(databases.includes("postgres"))("lot changes relayed by PostgreSQL", () => {
  let api: TestApi;
  let other: Api;
  const warnings: string[] = [];
  let admin: Caller;
  let attendant: Caller;
  let viaOther: Caller;
  const tag = Date.now().toString(36).slice(-5);

  beforeAll(async () => {
    api = await createTestApi("postgres");
    const listening = nextListening(api.deps);
    other = createApi({
      db: api.db.prisma,
      tokens: createTokenIssuer({ secret: "z".repeat(48) }),
      log: { info() {}, warn: (_obj, msg) => void warnings.push(msg ?? ""), error() {} },
      pingDb: () => api.db.ping(),
      changeRelay: api.db.lotChanges,
      limits: { loginFailuresPerAddress: 100, registrationsPerAddress: 100, subscriptionsPerClient: 100 },
    });
    await Promise.all([listening, nextListening(other)]);
    admin = (await api.signUp("admin")).caller;
    attendant = (await api.signUp("attendant")).caller;
    viaOther = createCaller(createContextInner(other));
  });

  afterAll(async () => {
    await other?.close();
    await api?.close();
  });

  async function lotOf(capacity: number) {
    const lot = await admin.lots.create({ name: `Relayed ${tag}`, address: "x", city: "Relayton", hourlyRateCents: 100, capacity });
    const spots = (await api.anonymous.spots.list({ lotId: lot.id, limit: 100 })).items.map((s) => s.id);
    return { id: lot.id, spots };
  }

  const listeningConnections = async () =>
    Number(
      (
        await api.db.sql.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'park-listen-lots'`,
        )
      )[0]!.n,
    );

  it("a change through one instance reaches the other's watchers and drops its cached reads", async () => {
    const lot = await lotOf(3);
    const stream = other.availability.watch(lot.id);
    expect((await stream.next()).value?.available).toBe(3);
    expect((await viaOther.lots.byId({ id: lot.id })).available).toBe(3);

    // Timed from the answer, when the change is surely committed: the call itself can be slow on a busy machine.
    // 250 ms on a quiet machine, scaled by how much slower this one is meanwhile.
    const slowdownWatch = watchSlowdown();
    await attendant.spots.setOutOfService({ id: lot.spots[0]!, outOfService: true });
    const answered = Date.now();
    expect((await stream.next()).value?.available).toBe(2);
    const seenAfter = Date.now() - answered;
    expect(seenAfter).toBeLessThan(250 * (await slowdownWatch.stop()));

    // Without the relay the other instance would keep its answer for a second.
    await admin.lots.update({ id: lot.id, name: `Renamed ${tag}` });
    await vi.waitFor(async () => expect((await viaOther.lots.byId({ id: lot.id })).name).toBe(`Renamed ${tag}`), { timeout: 250, interval: 10 });
    await stream.return();
  });

  it("this instance's own change is counted once, though both the service and the database signal it", async () => {
    let counts = 0;
    let gate: Promise<void> | undefined;
    const hub: AvailabilityHub = createAvailabilityHub({
      services: api.deps,
      count: async (lotId) => {
        counts++;
        const counted = await availableNow(api.deps, lotId);
        await gate;
        return counted;
      },
    });
    try {
      const lot = await lotOf(3);
      const stream = hub.watch(lot.id);
      expect((await stream.next()).value?.available).toBe(3);
      await settle();
      counts = 0;
      // A slow count: a second signal arriving while it runs would cost a second count.
      let release!: () => void;
      gate = new Promise((resolve) => (release = resolve));
      await attendant.spots.setOutOfService({ id: lot.spots[0]!, outOfService: true });
      await settle(300);
      gate = undefined;
      release();
      expect((await stream.next()).value?.available).toBe(2);
      await settle(300);
      expect(counts).toBe(1);
    } finally {
      hub.close();
    }
  });

  it("a listening connection cut by the database is replaced, every watched lot is counted again, and changes keep coming", async () => {
    const lot = await lotOf(3);
    const stream = other.availability.watch(lot.id);
    expect((await stream.next()).value?.available).toBe(3);

    // A change no trigger announces, which only a fresh count can find.
    await api.db.sql.transaction(async (tx) => {
      await tx.exec(`SET LOCAL session_replication_role = replica`);
      await tx.exec(`UPDATE spots SET out_of_service = true WHERE id = '${lot.spots[0]}'`);
    });
    const resumed = nextListening(other);
    const cut = await api.db.sql.query<{ pid: number }>(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'park-listen-lots'`,
    );
    expect(cut).toHaveLength(2);
    await resumed;
    expect((await stream.next()).value?.available).toBe(2);
    expect(warnings.some((message) => message.startsWith("lot change relay interrupted"))).toBe(true);

    const slowdownWatch = watchSlowdown();
    await attendant.spots.setOutOfService({ id: lot.spots[1]!, outOfService: true });
    const answered = Date.now();
    expect((await stream.next()).value?.available).toBe(1);
    const seenAfter = Date.now() - answered;
    expect(seenAfter).toBeLessThan(250 * (await slowdownWatch.stop()));
    await stream.return();
  });

  it("closing an instance closes its listening connection", async () => {
    await vi.waitFor(async () => expect(await listeningConnections()).toBe(2));
    const third = createApi({
      db: api.db.prisma,
      tokens: createTokenIssuer({ secret: "w".repeat(48) }),
      log: { info() {}, warn() {}, error() {} },
      pingDb: () => api.db.ping(),
      changeRelay: api.db.lotChanges,
      limits: { loginFailuresPerAddress: 100, registrationsPerAddress: 100, subscriptionsPerClient: 100 },
    });
    await nextListening(third);
    expect(await listeningConnections()).toBe(3);
    await third.close();
    await vi.waitFor(async () => expect(await listeningConnections()).toBe(2));
  });
});
