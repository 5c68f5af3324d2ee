import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { createApp, effectScope, nextTick, ref } from "vue";
import {
  createLotAvailabilityStore,
  createParkClient,
  errorCode,
  memoryTokenStore,
  onSignedOut,
  type LiveState,
  type LiveStore,
  type ParkClient,
  type TokenPair,
} from "../src/index.ts";
import { createPark, useLotAvailability, useParkQuery } from "../src/vue/index.ts";
import { register, startServer, unique, type Account, type TestServer } from "./server.ts";

// One server for the whole file (its restart included: one data folder and port, so the lot outlives it).
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

/** The network as the client sees it: every request goes through, and renewals are counted on their way. */
function countingFetch(refreshAnswer?: () => Promise<Response>) {
  const counted = { refreshes: 0, requests: 0 };
  const fetcher: typeof fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const paths = url.pathname.slice("/trpc/".length).split(",");
    counted.requests++;
    if (paths.includes("auth.refresh")) {
      counted.refreshes++;
      if (refreshAnswer) return refreshAnswer();
    }
    return fetch(input, init);
  };
  return { fetch: fetcher, counted };
}

/** A signed-in session whose access token the server no longer takes, as after it expired. */
async function staleSession(): Promise<{ username: string; tokens: TokenPair }> {
  const account = await register(server);
  return { username: account.username, tokens: { accessToken: "expired-access-token", refreshToken: account.tokens.refreshToken } };
}

const twenty = Array.from({ length: 20 }, (_, index) => index);

describe("renewing the access token", () => {
  for (const batch of [false, true]) {
    test(`twenty calls refused at once share one refresh and all succeed (${batch ? "batched" : "one request each"})`, async () => {
      const { username, tokens } = await staleSession();
      const store = memoryTokenStore(tokens);
      const network = countingFetch();
      let signedOut = 0;
      const client = createParkClient({ url: server.url, tokens: store, batch, fetch: network.fetch, onSignedOut: () => signedOut++ });

      const users = await Promise.all(twenty.map(() => client.auth.me.query()));

      expect(users.map((user) => user.username)).toEqual(twenty.map(() => username));
      expect(network.counted.refreshes).toBe(1);
      expect(signedOut).toBe(0);
      const renewed = store.get();
      expect(renewed?.accessToken).not.toBe(tokens.accessToken);
      expect(renewed?.refreshToken).not.toBe(tokens.refreshToken);
      // The renewed pair goes on working, with no further refresh.
      await client.vehicles.list.query();
      expect(network.counted.refreshes).toBe(1);
    });
  }

  test("a refresh the server refuses signs out once: the store is cleared and every call fails UNAUTHORIZED", async () => {
    const store = memoryTokenStore({ accessToken: "expired-access-token", refreshToken: "revoked-refresh-token" });
    const network = countingFetch();
    let signedOut = 0;
    const client = createParkClient({ url: server.url, tokens: store, batch: false, fetch: network.fetch, onSignedOut: () => signedOut++ });
    let heard = 0;
    const storeChanges: (TokenPair | null)[] = [];
    store.subscribe?.((pair) => storeChanges.push(pair));
    onSignedOut(client, () => heard++);

    const outcomes = await Promise.allSettled(twenty.map(() => client.auth.me.query()));

    expect(outcomes.map((outcome) => (outcome.status === "rejected" ? errorCode(outcome.reason) : "ok"))).toEqual(twenty.map(() => "UNAUTHORIZED"));
    expect(network.counted.refreshes).toBe(1);
    expect(signedOut).toBe(1);
    expect(heard).toBe(1);
    expect(store.get()).toBeNull();
    expect(storeChanges).toEqual([null]);

    // Signed out, later calls go out without a token and try no renewal.
    expect(errorCode(await client.auth.me.query().catch((error: unknown) => error))).toBe("UNAUTHORIZED");
    expect(network.counted.refreshes).toBe(1);
    expect(signedOut).toBe(1);
  });

  test("a refresh that cannot reach the server keeps the session: the calls fail, the tokens stay", async () => {
    const { tokens } = await staleSession();
    const store = memoryTokenStore(tokens);
    const network = countingFetch(() => Promise.reject(new TypeError("fetch failed")));
    let signedOut = 0;
    const client = createParkClient({ url: server.url, tokens: store, batch: false, fetch: network.fetch, onSignedOut: () => signedOut++ });

    const outcomes = await Promise.allSettled(twenty.slice(0, 5).map(() => client.auth.me.query()));

    expect(outcomes.every((outcome) => outcome.status === "rejected" && errorCode(outcome.reason) === "UNAUTHORIZED")).toBe(true);
    expect(network.counted.refreshes).toBe(1);
    expect(signedOut).toBe(0);
    expect(store.get()).toEqual(tokens);
  });
});
