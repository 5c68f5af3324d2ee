// Booking load against a server process: signed-in drivers with a vehicle
// each, and tRPC calls made over plain node:http so a suite chooses how
// sockets are kept alive and sees exactly how each call ended.
import { request, type Agent } from "node:http";
import { transformer } from "@park/api";
import { createParkClient, memoryTokenStore, type ParkClient } from "@park/sdk";

export const adminEmail = "admin@load.test";
export const adminPassword = "load-admin-pass-1";

export async function signInAdmin(url: string): Promise<ParkClient> {
  const tokens = memoryTokenStore();
  const result = await createParkClient({ url, tokens: null }).auth.login.mutate({ login: adminEmail, password: adminPassword });
  tokens.set({ accessToken: result.accessToken, refreshToken: result.refreshToken });
  return createParkClient({ url, tokens });
}

export interface Driver {
  accessToken: string;
  vehicleId: string;
  client: ParkClient;
}

export async function registerDrivers(url: string, count: number, tag: string): Promise<Driver[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const tokens = memoryTokenStore();
      const client = createParkClient({ url, tokens, batch: false });
      const registered = await client.auth.register.mutate({ username: `${tag}_${i}`, email: `${tag}_${i}@load.test`, password: "load-password-1" });
      tokens.set({ accessToken: registered.accessToken, refreshToken: registered.refreshToken });
      const vehicle = await client.vehicles.create.mutate({ plate: `LD${i}${tag.slice(-5).toUpperCase()}` });
      return { accessToken: registered.accessToken, vehicleId: vehicle.id, client };
    }),
  );
}

const tenMinutes = 600_000;

/**
 * The n-th booking window of a run: ten minutes each, one after another from
 * two hours ahead, so no vehicle ever double-books and no lot fills up.
 */
export function bookingWindow(n: number, base = Math.ceil((Date.now() + 7_200_000) / tenMinutes) * tenMinutes) {
  const startsAt = new Date(base + n * tenMinutes);
  return { startsAt, endsAt: new Date(startsAt.getTime() + tenMinutes) };
}

export type CallOutcome =
  | { kind: "ok"; status: number; data: unknown; connectionClose: boolean }
  /** The server said no before doing anything: 503, or nobody listening. */
  | { kind: "refused"; how: string }
  /**
   * The connection was reset before any answer: a connection still in the listener's queue when it
   * closed, or a kept-alive one closed as idle just as the request went out. Whether the server acted
   * is unknown to the caller; a browser retries such a request on a new connection.
   */
  | { kind: "reset"; reusedSocket: boolean }
  | { kind: "error"; detail: string };

/** One tRPC call (not batched) over node:http; never rejects. */
export function trpcCall(options: {
  url: string;
  agent: Agent;
  accessToken?: string;
  type: "query" | "mutation";
  path: string;
  input: unknown;
}): Promise<CallOutcome> {
  const serialized = JSON.stringify(transformer.serialize(options.input));
  const query = options.type === "query" ? `?input=${encodeURIComponent(serialized)}` : "";
  return new Promise((resolve) => {
    let answered = false;
    const req = request(
      `${options.url}/trpc/${options.path}${query}`,
      {
        method: options.type === "query" ? "GET" : "POST",
        agent: options.agent,
        headers: {
          ...(options.accessToken ? { authorization: `Bearer ${options.accessToken}` } : {}),
          ...(options.type === "mutation" ? { "content-type": "application/json", "content-length": Buffer.byteLength(serialized) } : {}),
        },
      },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", (error) => resolve({ kind: "error", detail: `response ${res.statusCode} cut: ${error.message}` }));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          const connectionClose = /close/i.test(String(res.headers.connection ?? ""));
          const status = res.statusCode ?? 0;
          if (status === 503 && connectionClose) return resolve({ kind: "refused", how: "503" });
          if (status < 200 || status >= 300) return resolve({ kind: "error", detail: `HTTP ${status}: ${text.slice(0, 300)}` });
          try {
            const body = JSON.parse(text) as { result?: { data?: unknown } };
            if (!body.result || !("data" in body.result)) return resolve({ kind: "error", detail: `no result: ${text.slice(0, 300)}` });
            resolve({ kind: "ok", status, data: transformer.deserialize(body.result.data as never), connectionClose });
          } catch {
            resolve({ kind: "error", detail: `HTTP ${status}, body not JSON: ${text.slice(0, 300)}` });
          }
        });
      },
    );
    req.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ECONNREFUSED") resolve({ kind: "refused", how: "ECONNREFUSED" });
      else if (error.code === "ECONNRESET" && !answered) resolve({ kind: "reset", reusedSocket: req.reusedSocket });
      else resolve({ kind: "error", detail: `${error.code ?? ""} ${error.message}${req.reusedSocket ? " (reused socket)" : ""}` });
    });
    req.end(options.type === "mutation" ? serialized : undefined);
  });
}
