// A lean path for plain JSON queries and mutations, batched or not. tRPC's
// node adapter turns every request into a WHATWG Request first, which costs
// more than most of our procedures (on Node 20 and 24 alike); this path calls
// the same procedures, through tRPC's public API, with the same context, error
// formatter, wire format and headers, and hands everything else
// (subscriptions, streaming, odd requests, anything it cannot parse) to the
// adapter unchanged. PARK_FAST_PATH=off turns it off.
import type { IncomingMessage, ServerResponse } from "node:http";
import { AppError, toTRPCError, wireConfig, type ProcedureKind } from "@park/api";
import { callTRPCProcedure, getTRPCErrorFromUnknown, getTRPCErrorShape, transformTRPCResponse, type AnyTRPCRouter, type TRPCError } from "@trpc/server";
import { getHTTPStatusCode, getHTTPStatusCodeFromError } from "@trpc/server/http";

/** The headers tRPC's adapter sends with a JSON answer. */
const jsonHeaders = { "content-type": "application/json", vary: "trpc-accept, accept" };

export interface FastPathOptions<TContext> {
  router: AnyTRPCRouter;
  /** Each procedure's kind, by dotted path (`procedureKinds` for Park's router). */
  kinds: ReadonlyMap<string, ProcedureKind>;
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
export function createBatchCap<TContext>(options: Pick<FastPathOptions<TContext>, "createContext">) {
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
    const shape = getTRPCErrorShape({ config: wireConfig, error, type: "unknown", path: undefined, input: undefined, ctx: options.createContext(req) });
    res.writeHead(getHTTPStatusCodeFromError(error), jsonHeaders);
    res.end(JSON.stringify(transformTRPCResponse(wireConfig, { error: shape })));
    return true;
  };
}

/** Returns false, having written nothing, when the request is not for this path. */
export function createFastPath<TContext>(options: FastPathOptions<TContext>) {
  const deserialize = (value: unknown) => wireConfig.transformer.input.deserialize(value);

  return async (req: IncomingMessage, res: ServerResponse, path: string, query: string): Promise<boolean> => {
    if (req.headers["trpc-accept"] !== undefined || String(req.headers.accept ?? "").includes("text/event-stream")) return false;
    const type = req.method === "GET" ? "query" : req.method === "POST" ? "mutation" : undefined;
    if (!type) return false;
    const params = new URLSearchParams(query);
    if (params.has("connectionParams")) return false;
    const batch = params.get("batch") === "1";
    const paths = batch ? path.split(",") : [path];
    if (paths.length > maxBatchSize) return false;
    // Unknown paths and calls of the wrong kind get the adapter's own answers.
    if (paths.some((p) => options.kinds.get(p) !== type)) return false;

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
      else
        inputs = paths.map((_, i) => ((parsed as Record<string, unknown>)[i] === undefined ? undefined : deserialize((parsed as Record<string, unknown>)[i])));
    } catch {
      return false;
    }

    const ctx = options.createContext(req);
    // Procedures see the client leave, as they do through the adapter.
    const abort = new AbortController();
    const onClose = () => !res.writableFinished && abort.abort();
    res.once("close", onClose);
    const outcomes = await Promise.all(
      paths.map(async (callPath, index) => {
        const input = inputs[index];
        try {
          const data = await callTRPCProcedure({
            router: options.router,
            path: callPath,
            getRawInput: async () => input,
            ctx,
            type,
            signal: abort.signal,
            batchIndex: index,
          });
          return { item: { result: { data } } as const, error: null };
        } catch (cause) {
          const error = getTRPCErrorFromUnknown(cause);
          options.onError({ error, path: callPath, input, ctx, type, req });
          const shape = getTRPCErrorShape({ config: wireConfig, error, type, path: callPath, input, ctx });
          return { item: { error: shape } as const, error };
        }
      }),
    );
    res.off("close", onClose);
    const items = outcomes.map((o) => o.item);
    const untransformed = batch ? items : items[0]!;
    const status = getHTTPStatusCode(untransformed as never, outcomes.map((o) => o.error) as never);
    const body = JSON.stringify(transformTRPCResponse(wireConfig, untransformed as never));
    res.writeHead(status, jsonHeaders);
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
