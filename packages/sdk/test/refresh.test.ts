import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createParkClient, errorCode, memoryTokenStore, onSignedOut, type TokenPair } from "../src/index.ts";
import { register, startServer, type TestServer } from "./server.ts";

let server: TestServer;

beforeAll(async () => {
  server = await startServer("pglite");
});

afterAll(async () => {
  await server?.stop();
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
