import { existsSync } from "node:fs";
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import {
  AppError,
  appRouter,
  bearerToken,
  createContextInner,
  historyCsvStream,
  historyFilename,
  procedureKinds,
  signedInUser,
  toTRPCError,
  type ApiDeps,
} from "@park/api";
import type { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { internal_exceptionHandler, nodeHTTPRequestHandler, type NodeHTTPHandlerOptions } from "@trpc/server/adapters/node-http";
import cors from "cors";
import { clientInfo, type TrustProxy } from "./client-address.ts";
import { createDocs } from "./docs.ts";
import { createBatchCap, createFastPath, maxBatchSize } from "./fast-trpc.ts";
import { createRest } from "./rest.ts";
import sirv from "sirv";
import type { AppLogger } from "./logger.ts";
import { setSecurityHeaders } from "./security-headers.ts";

export interface HttpOptions {
  deps: ApiDeps;
  log: AppLogger;
  corsOrigins: string[];
  /** Folder of the built web app; absent means the API only. */
  webDist?: string | undefined;
  /** Folder of the built kiosk, served under /kiosk/; absent or unbuilt means /kiosk/ is a 404. */
  kioskDist?: string | undefined;
  /** Serve plain queries and mutations without tRPC's fetch adapter (default true). */
  fastPath?: boolean;
  /** Which proxies may name the client's address and protocol (default: none). */
  trustProxy?: TrustProxy | undefined;
  /** Checks Redis for /healthz when the server is configured with one. */
  pingRedis?: (() => Promise<boolean>) | undefined;
}

// Large enough that a 1 MB field reaches validation and gets a clear error.
const maxBodySize = 4 * 1024 * 1024;

export interface HttpApp {
  listener: RequestListener;
  /**
   * Takes no more work: later requests are refused, answers not yet sent ask
   * their client to close the socket, and open event streams end now.
   */
  stopAccepting(): void;
  /** Resolves once every request started so far has finished, or after `timeoutMs`. */
  drain(timeoutMs: number): Promise<void>;
}

export function createHttpApp({ deps, log, corsOrigins, webDist, kioskDist, fastPath: useFastPath = true, trustProxy = 0, pingRedis }: HttpOptions): HttpApp {
  const client = clientInfo(trustProxy);
  // The one context factory of both paths.
  const contextOf = (req: IncomingMessage, connectionParams?: Record<string, string | undefined> | null) =>
    createContextInner(deps, {
      requestId: requestIdOf(req),
      // SSE cannot carry headers: subscriptions send the token as a connection param.
      accessToken: bearerToken(req.headers.authorization) ?? tokenFromConnectionParams(connectionParams),
      clientAddress: client.address(req),
    });
  const logFailure = (error: TRPCError, reqId: string, path: string) => {
    if (error.code === "INTERNAL_SERVER_ERROR") log.error({ reqId, path, err: error.cause ?? error }, "procedure failed");
  };
  const options: NodeHTTPHandlerOptions<typeof appRouter, IncomingMessage, ServerResponse> = {
    router: appRouter,
    maxBodySize,
    maxBatchSize,
    allowMethodOverride: false,
    createContext: ({ req, info }) => contextOf(req, info.connectionParams),
    // A failure outside any one call, or while building its answer, comes
    // without context or path: the request itself still names both.
    onError: ({ error, path, ctx, req }) => logFailure(error, ctx?.requestId ?? requestIdOf(req), path ?? pathOf(req).slice("/trpc/".length)),
  };

  const fastPath = createFastPath({
    router: appRouter,
    kinds: procedureKinds,
    maxBodySize,
    createContext: contextOf,
    onError: (opts) => options.onError?.(opts as never),
  });
  const batchCap = createBatchCap({ createContext: contextOf });
  const rest = createRest({
    router: appRouter,
    maxBodySize,
    createContext: (req) => contextOf(req),
    onError: ({ error, path, ctx, req }) => logFailure(error, ctx.requestId, path ?? pathOf(req)),
  });
  const docs = createDocs();

  // Calls whose client has gone keep running; shutdown waits for them, not for sockets.
  let inFlight = 0;
  let idle: (() => void)[] = [];
  const finished = () => {
    if (--inFlight > 0) return;
    for (const wake of idle) wake();
    idle = [];
  };
  // Responses still being written, so that shutdown can reach them.
  const open = new Set<ServerResponse>();
  let stopping = false;

  const trpc = (req: IncomingMessage, res: ServerResponse, path: string) => {
    const query = req.url!.includes("?") ? req.url!.slice(req.url!.indexOf("?") + 1) : "";
    return (batchCap(req, res, path, query) ? Promise.resolve(true) : useFastPath ? fastPath(req, res, path, query) : Promise.resolve(false))
      .then((handled) =>
        handled
          ? undefined
          : // The adapter's promise waits for "finish", which never comes once the client has left
            // (an event stream that was closed, a caller that hung up): the call is over when the
            // adapter ends the response, when the client left before sending all of its body,
            // which the adapter would wait for forever, or when an event stream's connection closed.
            Promise.race([nodeHTTPRequestHandler({ ...options, req, res, path }), whenEnded(res), whenAbandoned(req, res), whenStreamClosed(res)]),
      )
      .catch(internal_exceptionHandler({ ...options, req, res, path }));
  };
  const drain = (timeoutMs: number) =>
    inFlight === 0
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, timeoutMs);
          idle.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
  const stopAccepting = () => {
    stopping = true;
    for (const res of open) {
      if (!res.headersSent) closeWhenAnswered(res);
      // tRPC aborts a subscription when its response closes, so the generator's cleanup runs.
      else if (isEventStream(res)) res.destroy();
    }
  };

  const allowed = new Set(corsOrigins);
  const corsMiddleware = cors((req, done) => {
    const origin = req.headers.origin;
    // The web app served by this server calls it from its own origin.
    const sameOrigin = origin !== undefined && origin.replace(/^https?:\/\//, "") === req.headers.host;
    done(null, { origin: origin === undefined || sameOrigin || allowed.has(origin), maxAge: 600, exposedHeaders: ["x-request-id"] });
  });

  const web = singlePageApp(webDist);
  const kiosk = singlePageApp(kioskDist);

  const listener: RequestListener = (req, res) => {
    const started = process.hrtime.bigint();
    const reqId = assignRequestId(req, res);
    setSecurityHeaders(req, res, client.secure(req));
    // Read now: serving the kiosk rewrites req.url.
    const path = pathOf(req);
    res.on("finish", () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      log.info({ reqId, method: req.method, path, status: res.statusCode, ms: Math.round(ms * 10) / 10 }, "request");
    });
    // REST has a prefix of its own, looked at first: a /trpc call pays one string comparison for it.
    const isRest = path === "/api" || path.startsWith("/api/");
    if (stopping) return isRest ? rest.refuse(req, res) : refuse(res);
    open.add(res);
    res.once("close", () => open.delete(res));
    if (isRest) {
      return corsMiddleware(req, res, () => {
        inFlight++;
        void rest.handle(req, res, path).finally(finished);
      });
    }
    if (path.startsWith("/trpc/")) {
      // Counted once past CORS: a preflight is answered there and never reaches a procedure.
      return corsMiddleware(req, res, () => {
        inFlight++;
        void trpc(req, res, path.slice("/trpc/".length)).finally(finished);
      });
    }
    inFlight++;
    res.once("close", finished);
    if (path === "/healthz") return void health(deps, res, pingRedis);
    if (path === "/exports/history.csv" && (req.method === "GET" || req.method === "HEAD")) return void exportHistory(deps, req, res, log);
    if (path === "/openapi.json" && (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS")) {
      return corsMiddleware(req, res, () => {
        res.writeHead(200, { "content-type": "application/json", "cache-control": "no-cache" });
        res.end(req.method === "HEAD" ? undefined : rest.documentJson());
      });
    }
    if (docs(req, res, path)) return;
    const reading = req.method === "GET" || req.method === "HEAD";
    // /kiosk and everything under it is the kiosk's, built or not: never the web app's fallback page.
    if (path === kioskPrefix) return reading ? redirect(res, `${kioskPrefix}/${queryOf(req)}`) : notFound(res);
    if (path.startsWith(`${kioskPrefix}/`)) {
      if (!kiosk || !reading) return notFound(res);
      // The kiosk's files sit at the root of its folder, as its own routes do at the root of its router's base.
      req.url = req.url!.slice(kioskPrefix.length);
      return kiosk(req, res, () => notFound(res));
    }
    if (web && reading) return web(req, res, () => notFound(res));
    notFound(res);
  };
  return { listener, stopAccepting, drain };
}

const kioskPrefix = "/kiosk";

/**
 * Serves a built Vite app: its files, and its index.html for any other path
 * without a file extension (its client-side routes). Undefined when the
 * folder holds no build.
 */
function singlePageApp(dist: string | undefined) {
  return dist && existsSync(join(dist, "index.html")) ? sirv(dist, { single: true, etag: true, gzip: false, dev: false }) : undefined;
}

function redirect(res: ServerResponse, location: string) {
  res.writeHead(308, { location, "content-type": "text/plain; charset=utf-8" });
  res.end(`See ${location}`);
}

/**
 * A request that reaches a server on its way down is answered, not dropped:
 * a 503 tells a balancer or client for certain that nothing was done, so it
 * may send even a POST again elsewhere (nginx, HAProxy and Envoy retry on a
 * 503 when told to), whereas a socket closed under a request leaves it
 * guessing whether the call ran. `Connection: close` takes the socket out of
 * its pool.
 */
function refuse(res: ServerResponse) {
  res.writeHead(503, { "content-type": "application/json", "cache-control": "no-store", "retry-after": "1", connection: "close" });
  res.end(JSON.stringify({ error: "shutting down" }));
}

/** Makes the answer still to come ask its client to close the socket, and end at once if it is an event stream. */
function closeWhenAnswered(res: ServerResponse) {
  res.setHeader("connection", "close");
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    // Set again: a handler may have asked for keep-alive since (event streams do).
    this.setHeader("connection", "close");
    const result = Reflect.apply(writeHead, this, args) as ServerResponse;
    if (isEventStream(this)) setImmediate(() => this.destroy());
    return result;
  } as ServerResponse["writeHead"];
}

function isEventStream(res: ServerResponse) {
  return String(res.getHeader("content-type") ?? "").startsWith("text/event-stream");
}

/**
 * Resolves when an event stream's connection closes, whoever closed it: a
 * subscription writes nothing that must outlive its connection, and once the
 * connection is gone the adapter may wait forever to write the stream's end.
 */
function whenStreamClosed(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => res.once("close", () => isEventStream(res) && resolve()));
}

/** Resolves when the response closes before the request has fully arrived. */
function whenAbandoned(req: IncomingMessage, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => res.once("close", () => !req.complete && resolve()));
}

/** Resolves when the response is ended, whether or not anyone is left to receive it (then nothing is emitted). */
function whenEnded(res: ServerResponse): Promise<void> {
  if (res.writableEnded) return Promise.resolve();
  return new Promise((resolve) => {
    const end = res.end;
    res.end = function (this: ServerResponse, ...args: unknown[]) {
      res.end = end;
      resolve();
      return Reflect.apply(end, this, args) as ServerResponse;
    } as ServerResponse["end"];
  });
}

/** Each configured dependency by name, "ok" or "down"; 503 when any is down. */
async function health(deps: ApiDeps, res: ServerResponse, pingRedis: (() => Promise<boolean>) | undefined) {
  const [db, redis] = await Promise.all([deps.pingDb(), pingRedis?.()]);
  const up = db && redis !== false;
  const state = (ok: boolean) => (ok ? "ok" : "down");
  const body = JSON.stringify({ status: up ? "ok" : "degraded", db: state(db), ...(redis === undefined ? {} : { redis: state(redis) }) });
  res.writeHead(up ? 200 : 503, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(body);
}

/**
 * The caller's history as a CSV download, streamed: rows are read from the
 * database as the client takes them, so a long history costs one page of
 * memory. `exports.history` answers the same CSV inside a tRPC call.
 */
async function exportHistory(deps: ApiDeps, req: IncomingMessage, res: ServerResponse, log: AppLogger) {
  let user;
  try {
    user = await signedInUser(deps, bearerToken(req.headers.authorization));
  } catch (error) {
    const refusal = error instanceof AppError ? error : new AppError("INVALID_TOKEN", "Invalid or expired token");
    const trpcError = toTRPCError(refusal);
    const { code } = trpcError;
    res.writeHead(getHTTPStatusCodeFromError(trpcError), {
      "content-type": "application/json",
      "cache-control": "no-store",
      "www-authenticate": "Bearer",
    });
    res.end(JSON.stringify({ error: { code, appCode: refusal.code, message: refusal.message } }));
    return;
  }
  res.writeHead(200, {
    "content-type": "text/csv; charset=utf-8",
    "content-disposition": `attachment; filename="${historyFilename(deps.clock.now())}"`,
    "cache-control": "no-store",
  });
  if (req.method === "HEAD") return void res.end();
  try {
    await pipeline(historyCsvStream(deps, user.id), res);
  } catch (error) {
    // Headers are gone: a cut connection is all the client can be told.
    if (!res.destroyed) res.destroy();
    if ((error as NodeJS.ErrnoException).code !== "ERR_STREAM_PREMATURE_CLOSE") log.error({ err: error, reqId: requestIdOf(req) }, "history export failed");
  }
}

function notFound(res: ServerResponse) {
  res.writeHead(404, { "content-type": "application/json" });
  res.end(JSON.stringify({ error: "not found" }));
}

function pathOf(req: IncomingMessage) {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  return q === -1 ? url : url.slice(0, q);
}

/** "?a=1", or "" without a query. */
function queryOf(req: IncomingMessage) {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  return q === -1 ? "" : url.slice(q);
}

const requestIdPattern = /^[A-Za-z0-9._-]{1,64}$/;

function assignRequestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers["x-request-id"];
  const reqId = typeof given === "string" && requestIdPattern.test(given) ? given : crypto.randomUUID();
  req.headers["x-request-id"] = reqId;
  res.setHeader("x-request-id", reqId);
  return reqId;
}

function requestIdOf(req: IncomingMessage): string {
  return req.headers["x-request-id"] as string;
}

function tokenFromConnectionParams(params: Record<string, string | undefined> | null | undefined): string | null {
  const token = params?.token;
  return typeof token === "string" && token.length > 0 && token.length < 4096 ? token : null;
}
