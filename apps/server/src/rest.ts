// Serves the REST surface (/api/v1/…) and its OpenAPI document: the same
// procedures as /trpc, called through tRPC's public API with the same context,
// answering plain JSON, and problem details (application/problem+json) when
// they fail. packages/api/src/wire/rest.ts says how requests map to calls.
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  createRestSurface,
  malformed,
  problemMediaType,
  problemOf,
  readRestInput,
  restPrefix,
  type Problem,
  type RestRoute,
  type RestSurface,
} from "@park/api";
import { callTRPCProcedure, getTRPCErrorFromUnknown, TRPCError, type AnyTRPCRouter } from "@trpc/server";

export interface RestOptions<TContext extends { requestId: string }> {
  router: AnyTRPCRouter;
  maxBodySize: number;
  createContext(req: IncomingMessage): TContext;
  onError(opts: {
    error: TRPCError;
    path: string | undefined;
    input: unknown;
    ctx: TContext;
    type: "query" | "mutation" | "unknown";
    req: IncomingMessage;
  }): void;
}

export interface Rest {
  /** Answers a request whose path starts with /api/. */
  handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void>;
  /** Answers a request that reaches a server on its way down: 503, UNAVAILABLE, and the socket closes. */
  refuse(req: IncomingMessage, res: ServerResponse): void;
  /** The OpenAPI document, as served at /openapi.json. */
  documentJson(): string;
}

export function createRest<TContext extends { requestId: string }>(options: RestOptions<TContext>): Rest {
  // Made on first use: most processes (workers, servers nobody calls over REST) never need it,
  // and making it is a good part of a start-up's CPU.
  let made: { surface: RestSurface; documentJson: string } | undefined;
  const rest = () => {
    if (!made) {
      const surface = createRestSurface(options.router);
      made = { surface, documentJson: JSON.stringify(surface.document) };
    }
    return made;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, path: string) => {
    const ctx = options.createContext(req);
    let route: RestRoute | undefined;
    let input: unknown;
    let allowed: string[] | undefined;
    try {
      const found = path.startsWith(`${restPrefix}/`) ? rest().surface.match(req.method ?? "", path.slice(restPrefix.length)) : null;
      if (!found) throw new TRPCError({ code: "NOT_FOUND", message: `No such path: ${path}` });
      if ("allowed" in found) {
        allowed = found.allowed;
        throw new TRPCError({ code: "METHOD_NOT_SUPPORTED", message: `${path} takes ${found.allowed.join(", ")}, not ${req.method}` });
      }
      route = found.route;
      const body = route.body === undefined ? undefined : await readJsonBody(req, res, options.maxBodySize);
      if (body === abandoned) {
        // The client left before sending its body: nobody is there to answer.
        res.destroy();
        return;
      }
      input = readRestInput(route, found.pathValues, new URLSearchParams(queryOf(req)), body);
      // Procedures see the client leave, as they do on /trpc.
      const abort = new AbortController();
      const onClose = () => !res.writableFinished && abort.abort();
      res.once("close", onClose);
      const data = await callTRPCProcedure({
        router: options.router,
        path: route.procedure,
        getRawInput: async () => input,
        ctx,
        type: route.type,
        signal: abort.signal,
        batchIndex: 0,
      }).finally(() => res.off("close", onClose));
      // Dates become ISO-8601 strings here (Date#toJSON).
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify(data));
    } catch (cause) {
      const error = getTRPCErrorFromUnknown(cause);
      const call = { type: route?.type ?? ("unknown" as const), path: route?.procedure, input, ctx };
      options.onError({ ...call, error, req });
      sendProblem(res, problemOf(error, call), allowed ? { allow: allowed.join(", ") } : {});
    }
  };

  const refuse = (req: IncomingMessage, res: ServerResponse) => {
    const error = new TRPCError({ code: "SERVICE_UNAVAILABLE", message: "The server is shutting down; send the request again" });
    const problem = problemOf(error, { type: "unknown", path: undefined, input: undefined, ctx: options.createContext(req) });
    sendProblem(res, problem, { "retry-after": "1", connection: "close" });
  };

  return { handle, refuse, documentJson: () => rest().documentJson };
}

function sendProblem(res: ServerResponse, problem: Problem, headers: Record<string, string>) {
  res.writeHead(problem.status, {
    "content-type": problemMediaType,
    "cache-control": "no-store",
    ...(problem.status === 401 ? { "www-authenticate": "Bearer" } : {}),
    ...headers,
  });
  res.end(JSON.stringify(problem));
}

const abandoned = Symbol("abandoned");

/**
 * The request's JSON body: undefined when there is none, `abandoned` when the
 * client left while sending it. Throws the tRPC error to answer for a body
 * that is too large (PAYLOAD_TOO_LARGE), of another media type
 * (UNSUPPORTED_MEDIA_TYPE) or not JSON (MALFORMED_INPUT). A body refused
 * before it is read is discarded by Node once the answer is sent, so the
 * client reads the answer and the connection stays usable.
 */
async function readJsonBody(req: IncomingMessage, res: ServerResponse, maxBodySize: number): Promise<unknown> {
  const length = req.headers["content-length"];
  if (length === undefined ? req.headers["transfer-encoding"] === undefined : Number(length) === 0) return undefined;
  const mediaType = String(req.headers["content-type"] ?? "")
    .split(";")[0]!
    .trim()
    .toLowerCase();
  if (mediaType !== "application/json") throw new TRPCError({ code: "UNSUPPORTED_MEDIA_TYPE", message: "Send the body as application/json" });
  const tooLarge = () => new TRPCError({ code: "PAYLOAD_TOO_LARGE", message: `A request body holds at most ${maxBodySize} bytes` });
  if (Number(length) > maxBodySize) throw tooLarge();
  const text = await new Promise<string | typeof abandoned>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBodySize) return void chunks.push(chunk);
      // The rest is left unread, so the connection cannot carry another request.
      req.off("data", onData).pause();
      res.setHeader("connection", "close");
      reject(tooLarge());
    };
    req.on("data", onData);
    req.once("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    // A client that goes away mid-body surfaces as "error" ("aborted").
    req.once("error", () => resolve(abandoned));
  });
  if (text === abandoned) return abandoned;
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw malformed("json");
  }
}

function queryOf(req: IncomingMessage): string {
  const url = req.url ?? "";
  const q = url.indexOf("?");
  return q === -1 ? "" : url.slice(q + 1);
}
