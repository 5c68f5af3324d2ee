import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { createApp, effectScope, nextTick, ref } from "vue";
import { createLotAvailabilityStore, createParkClient, type LiveState, type LiveStore, type ParkClient } from "../src/index.ts";
import { createPark, useLotAvailability, useParkQuery } from "../src/vue/index.ts";
import { register, startServer, unique, type Account, type TestServer } from "./server.ts";

// One data folder and port for the server and its restart, so the lot outlives it.
let dataDir: string;
let server: TestServer;
let admin: Account;
let driver: Account;
let lotId: string;

const quickly = { backoff: { initialMs: 50, maxMs: 400 } };
// Two streams at most from this process: a store that opened more, or left one open, shows as one that cannot go live.
const env = () => ({ DATA_DIR: dataDir, MAX_SUBSCRIPTIONS_PER_CLIENT: "2" });

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "park-sdk-live-"));
  server = await startServer("pglite", env());
  admin = await register(server, "admin");
  driver = await register(server);
  const lot = await admin.client.lots.create.mutate({ name: unique("Live "), address: "1 Test Street", city: "Lisbon", hourlyRateCents: 200, capacity: 3 });
  lotId = lot.id;
});

afterAll(async () => {
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** Follows a store as an app would, keeping every state it went through. */
function follow<T>(store: LiveStore<T>) {
  const seen: LiveState<T>[] = [store.getSnapshot()];
  const stop = store.subscribe(() => seen.push(store.getSnapshot()));
  return { seen, stop, now: () => store.getSnapshot() };
}

/** Both of this process's streams can be opened: none is left over. */
async function expectNoStreamLeft() {
  const client = createParkClient({ url: server.url });
  const both = [follow(createLotAvailabilityStore(client, lotId, undefined, quickly)), follow(createLotAvailabilityStore(client, lotId, undefined, quickly))];
  await vi.waitFor(() => expect(both.map((live) => live.now().status)).toEqual(["live", "live"]), { timeout: 10_000 });
  for (const live of both) live.stop();
}

async function parkCar(account: Account) {
  const vehicle = await account.client.vehicles.create.mutate({ plate: unique("L").slice(0, 12) });
  return account.client.sessions.start.mutate({ lotId, vehicleId: vehicle.id });
}

describe("the live availability store", () => {
  test("in Node, with no EventSource given, it hears a change made through another client", async () => {
    const anonymous = createParkClient({ url: server.url });
    const live = follow(createLotAvailabilityStore(anonymous, lotId, undefined, quickly));
    expect(live.now().status).toBe("connecting");
    await vi.waitFor(() => expect(live.now()).toMatchObject({ status: "live", data: { lotId, available: 3 }, error: null }), { timeout: 10_000 });

    const session = await parkCar(driver);
    await vi.waitFor(() => expect(live.now().data?.available).toBe(2), { timeout: 5_000 });
    expect(live.now().status).toBe("live");
    expect(live.now().updatedAt).toBeInstanceOf(Date);

    await driver.client.sessions.end.mutate({ id: session.id });
    await vi.waitFor(() => expect(live.now().data?.available).toBe(3), { timeout: 5_000 });
    live.stop();
  });

  test("a window's count follows bookings for that window, which the count of now does not show", async () => {
    const anonymous = createParkClient({ url: server.url });
    const from = new Date(Date.now() + 2 * 86_400_000);
    const to = new Date(from.getTime() + 2 * 3_600_000);
    const live = follow(createLotAvailabilityStore(anonymous, lotId, { from, to }, { ...quickly, windowRefreshMs: 100 }));
    await vi.waitFor(() => expect(live.now()).toMatchObject({ status: "live", data: { available: 3 } }), { timeout: 10_000 });
    expect(live.now().data?.spots).toHaveLength(3);

    const vehicle = await driver.client.vehicles.create.mutate({ plate: unique("W").slice(0, 12) });
    await driver.client.reservations.create.mutate({ lotId, vehicleId: vehicle.id, startsAt: from, endsAt: to });
    await vi.waitFor(() => expect(live.now().data?.available).toBe(2), { timeout: 5_000 });
    live.stop();
  });

  test("it reconnects after the server restarts, and hears changes made after that", async () => {
    const anonymous = createParkClient({ url: server.url });
    const live = follow(createLotAvailabilityStore(anonymous, lotId, undefined, quickly));
    await vi.waitFor(() => expect(live.now().status).toBe("live"), { timeout: 10_000 });
    const before = live.now().data?.available ?? 0;

    const port = new URL(server.url).port;
    await server.stop();
    await vi.waitFor(() => expect(live.now().status).not.toBe("live"), { timeout: 5_000 });
    expect(live.now().error).toBeInstanceOf(Error);
    // What was last known stays, for a page to show as possibly stale.
    expect(live.now().data?.available).toBe(before);

    server = await startServer("pglite", { ...env(), PORT: port });
    await vi.waitFor(() => expect(live.now()).toMatchObject({ status: "live", error: null }), { timeout: 10_000 });
    expect(live.seen.some((state) => state.status === "offline")).toBe(true);

    // Tokens outlive the restart (same secret), so the driver parks again at once.
    await parkCar(driver);
    await vi.waitFor(() => expect(live.now().data?.available).toBe(before - 1), { timeout: 5_000 });
    live.stop();
  });

  test("its listeners share one stream, which stops when the last of them leaves", async () => {
    const anonymous = createParkClient({ url: server.url });
    const shared = createLotAvailabilityStore(anonymous, lotId, undefined, quickly);
    const [first, second] = [follow(shared), follow(shared)];
    // A second store takes the other stream this process may hold.
    const other = follow(createLotAvailabilityStore(anonymous, lotId, undefined, quickly));
    await vi.waitFor(() => expect([shared.getSnapshot().status, other.now().status]).toEqual(["live", "live"]), { timeout: 10_000 });

    first!.stop();
    expect(shared.getSnapshot().status).toBe("live");
    second!.stop();
    other.stop();
    await expectNoStreamLeft();
  });
});

describe("the Vue composables", () => {
  test("useParkQuery follows its reactive input, and useLotAvailability the lot, until the scope ends", async () => {
    const client: ParkClient = createParkClient({ url: server.url });
    const app = createApp({});
    app.use(createPark({ client }));
    const scope = effectScope();
    const chosen = ref(lotId);
    const { lot, live } = app.runWithContext(() =>
      scope.run(() => ({
        lot: useParkQuery(
          (park) => park.lots.byId,
          () => ({ id: chosen.value }),
        ),
        live: useLotAvailability(chosen, undefined, quickly),
      })),
    )!;

    await vi.waitFor(() => expect(lot.status.value).toBe("success"), { timeout: 10_000 });
    expect(lot.data.value?.id).toBe(lotId);
    await vi.waitFor(() => expect(live.value.status).toBe("live"), { timeout: 10_000 });
    expect(live.value.data?.lotId).toBe(lotId);

    const other = await admin.client.lots.create.mutate({ name: unique("Other "), address: "2 Test Street", city: "Porto", hourlyRateCents: 100, capacity: 5 });
    chosen.value = other.id;
    await nextTick();
    await vi.waitFor(() => expect(lot.data.value?.id).toBe(other.id), { timeout: 10_000 });
    await vi.waitFor(() => expect(live.value.data).toMatchObject({ lotId: other.id, available: 5 }), { timeout: 10_000 });

    scope.stop();
    await expectNoStreamLeft();
  });
});
