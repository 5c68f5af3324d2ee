// A lean path for plain JSON queries and mutations, batched or not. tRPC's
// node adapter turns every request into a WHATWG Request first, which on
// Node 20 costs more than most of our procedures; this path calls the same
// procedures with the same context, error formatter and wire format, and
// hands everything else (subscriptions, streaming, odd requests, anything it
// cannot parse) to the adapter unchanged.
import type { IncomingMessage, ServerResponse } from "node:http";
import { AppError, toTRPCError } from "@park/api";
import type { AnyRouter, TRPCError } from "@trpc/server";
import {
  getErrorShape,
  getHTTPStatusCode,
  getHTTPStatusCodeFromError,
  getTRPCErrorFromUnknown,
  transformTRPCResponse,
} from "@trpc/server/unstable-core-do-not-import";

type Procedure = ((opts: {
  path: string;
  getRawInput: () => Promise<unknown>;
  ctx: unknown;
  type: "query" | "mutation";
  signal: AbortSignal | undefined;
  batchIndex: number;
}) => Promise<unknown>) & { _def: { type: string } };

export interface FastPathOptions<TContext> {
  router: AnyRouter;
  maxBodySize: number;
  createContext(req: IncomingMessage): TContext;
  onError(opts: { error: TRPCError; path: string; input: unknown; ctx: TContext; type: "query" | "mutation"; req: IncomingMessage }): void;
}

/** The most calls one HTTP batch may hold, whichever path serves it. The SDK splits its batches to fit. */
export const maxBatchSize = 50;

/**
 * Refuses a batch of more than `maxBatchSize` calls before any of them runs,
 * with one BATCH_TOO_LARGE error, for this path and tRPC's adapter alike (the
 * adapter's own limit answers without an appCode or the number). Returns
 * false, having written nothing, for anything else.
 */
export function createBatchCap<TContext>(options: Pick<FastPathOptions<TContext>, "router" | "createContext">) {
  const config = options.router._def._config;
  return (req: IncomingMessage, res: ServerResponse, path: string, query: string): boolean => {
    if (new URLSearchParams(query).get("batch") !== "1") return false;
    let calls: number;
    try {
      // The adapter decodes the path before splitting it, so "%2C" separates calls too.
      calls = decodeURIComponent(path).split(",").length;
    } catch {
      return false;
    }
    if (calls <= maxBatchSize) return false;
    const error = toTRPCError(new AppError("BATCH_TOO_LARGE", `A batch holds at most ${maxBatchSize} calls; this one has ${calls}`));
    const shape = getErrorShape({ config, error, type: "unknown", path: undefined, input: undefined, ctx: options.createContext(req) });
    res.writeHead(getHTTPStatusCodeFromError(error), { "content-type": "application/json" });
    res.end(JSON.stringify(transformTRPCResponse(config, { error: shape })));
    return true;
  };
}

/** Returns false, having written nothing, when the request is not for this path. */
export function createFastPath<TContext>(options: FastPathOptions<TContext>) {
  const config = options.router._def._config;
  const procedures = options.router._def.procedures as Record<string, Procedure | undefined>;
  const deserialize = (value: unknown) => config.transformer.input.deserialize(value);

  return async (req: IncomingMessage, res: ServerResponse, path: string, query: string): Promise<boolean> => {
    if (req.headers["trpc-accept"] !== undefined) return false;
    const type = req.method === "GET" ? "query" : req.method === "POST" ? "mutation" : undefined;
    if (!type) return false;
    const params = new URLSearchParams(query);
    if (params.has("connectionParams")) return false;
    const batch = params.get("batch") === "1";
    const paths = batch ? path.split(",") : [path];
    if (paths.length > maxBatchSize) return false;
    const calls = paths.map((p) => procedures[p]);
    if (calls.some((procedure) => procedure?._def.type !== type)) return false;

    let raw: string | null;
    if (type === "query") {
      raw = params.get("input");
    } else {
      if (!String(req.headers["content-type"] ?? "").startsWith("application/json")) return false;
      const length = Number(req.headers["content-length"]);
      if (!Number.isInteger(length) || length > options.maxBodySize) return false;
      const body = await readBody(req).catch(() => null);
      if (body === null) {
        // The client left before sending its body: nobody is there to answer.
        res.destroy();
        return true;
      }
      raw = body;
      // Whatever happens next, the adapter can still read what was sent.
      (req as IncomingMessage & { body?: string }).body = raw;
    }

    let inputs: unknown[];
    try {
      const parsed: unknown = raw ? JSON.parse(raw) : undefined;
      if (!batch) inputs = [parsed === undefined ? undefined : deserialize(parsed)];
      else if (parsed === undefined) inputs = paths.map(() => undefined);
      else if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return false;
      else inputs = paths.map((_, i) => ((parsed as Record<string, unknown>)[i] === undefined ? undefined : deserialize((parsed as Record<string, unknown>)[i])));
    } catch {
      return false;
    }

    const ctx = options.createContext(req);
    const outcomes = await Promise.all(
      calls.map(async (procedure, index) => {
        const input = inputs[index];
        const callPath = paths[index]!;
        try {
          const data = await procedure!({ path: callPath, getRawInput: async () => input, ctx, type, signal: undefined, batchIndex: index });
          return { item: { result: { data } } as const, error: null };
        } catch (cause) {
          const error = getTRPCErrorFromUnknown(cause);
          options.onError({ error, path: callPath, input, ctx, type, req });
          const shape = getErrorShape({ config, error, type, path: callPath, input, ctx });
          return { item: { error: shape } as const, error };
        }
      }),
    );
    const items = outcomes.map((o) => o.item);
    const untransformed = batch ? items : items[0]!;
    const status = getHTTPStatusCode(untransformed as never, outcomes.map((o) => o.error) as never);
    const body = JSON.stringify(transformTRPCResponse(config, untransformed as never));
    res.writeHead(status, { "content-type": "application/json" });
    res.end(body);
    return true;
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    // A client that goes away mid-body surfaces as "error" ("aborted").
    req.on("error", reject);
  });
}
