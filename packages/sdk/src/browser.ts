/** The part of the Web Storage API a token store uses: `localStorage`, or anything shaped like it. */
export interface TokenStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/**
 * What the SDK uses of a browser's globals, each possibly missing: the SDK
 * runs in Node too, and compiles without the DOM's types.
 */
interface BrowserGlobals {
  readonly localStorage?: TokenStorage;
  readonly navigator?: { readonly locks?: { request<T>(name: string, task: () => Promise<T>): Promise<T> } };
  addEventListener?(type: "storage", listener: (event: { key: string | null }) => void): void;
  addEventListener?(type: "online", listener: () => void): void;
  removeEventListener?(type: "storage", listener: (event: { key: string | null }) => void): void;
  removeEventListener?(type: "online", listener: () => void): void;
}

export const browser = globalThis as unknown as BrowserGlobals;
