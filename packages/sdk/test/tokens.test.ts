import { describe, expect, test } from "vitest";
import { localStorageTokenStore, type TokenPair } from "../src/index.ts";

/** The Web Storage interface over a Map: what a browser's localStorage is to a page. */
class MapStorage implements Storage {
  readonly items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    this.items.set(key, String(value));
  }
}

/** Storage that refuses every write, as a full quota or a locked-down browser does. */
class FullStorage extends MapStorage {
  override setItem(): void {
    throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
  }
}

const pair: TokenPair = { accessToken: "access-1", refreshToken: "refresh-1" };

describe("localStorageTokenStore", () => {
  test("keeps the pair under its key, where a new store (a reload) finds it", () => {
    const storage = new MapStorage();
    const store = localStorageTokenStore({ storage, key: "app.session" });
    expect(store.get()).toBeNull();
    store.set(pair);
    expect(JSON.parse(storage.getItem("app.session") ?? "null")).toEqual(pair);

    const afterReload = localStorageTokenStore({ storage, key: "app.session" });
    expect(afterReload.get()).toEqual(pair);
    afterReload.set(null);
    expect(storage.getItem("app.session")).toBeNull();
    expect(store.get()).toBeNull();
  });

  test("uses park.tokens by default", () => {
    const storage = new MapStorage();
    localStorageTokenStore({ storage }).set(pair);
    expect([...storage.items.keys()]).toEqual(["park.tokens"]);
  });

  test("reads anything but a token pair under its key as signed out", () => {
    const storage = new MapStorage();
    const store = localStorageTokenStore({ storage });
    for (const stored of [
      "{not json",
      "null",
      "42",
      '"a string"',
      JSON.stringify({ accessToken: "only-access" }),
      JSON.stringify({ accessToken: 1, refreshToken: 2 }),
    ]) {
      storage.setItem("park.tokens", stored);
      expect(store.get()).toBeNull();
    }
  });

  test("without storage, or with storage that refuses writes, keeps the pair in memory for this page", () => {
    const memoryOnly = localStorageTokenStore({ storage: null });
    expect(memoryOnly.get()).toBeNull();
    memoryOnly.set(pair);
    expect(memoryOnly.get()).toEqual(pair);

    const full = new FullStorage();
    const store = localStorageTokenStore({ storage: full });
    expect(() => store.set(pair)).not.toThrow();
    expect(store.get()).toEqual(pair);
    store.set(null);
    expect(store.get()).toBeNull();
  });

  test("in Node, where there is no localStorage at all, works in memory", () => {
    const store = localStorageTokenStore();
    store.set(pair);
    expect(store.get()).toEqual(pair);
  });

  test("tells its listeners of every change, until they leave", () => {
    const store = localStorageTokenStore({ storage: new MapStorage() });
    const heard: (TokenPair | null)[] = [];
    const stop = store.subscribe!((tokens) => heard.push(tokens));
    store.set(pair);
    store.set(null);
    stop();
    store.set(pair);
    expect(heard).toEqual([pair, null]);
  });

  test("runs a renewal exclusively when it can, and still runs it where there are no locks", async () => {
    const store = localStorageTokenStore({ storage: new MapStorage() });
    await expect(store.exclusive!(async () => "renewed")).resolves.toBe("renewed");
  });
});
