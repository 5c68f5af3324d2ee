// lots.onAvailability read over real SSE, the way a browser's EventSource
// would, for suites that watch live availability on a running server.
import { transformer } from "@park/api";

export type Event =
  | { kind: "data"; value: { lotId: string; available: number; at: Date }; /** Date.now() when it was read off the socket. */ receivedAt: number }
  | { kind: "error"; code: string; appCode: string }
  | { kind: "return" }
  | { kind: "end" };

/**
 * One SSE stream read by hand: Node 20 has no EventSource for the SDK's link.
 * Events queue until read, so none is missed between reads.
 */
export function openStream(url: string, lotId: string, clientAddress?: string) {
  const abort = new AbortController();
  const queue: Event[] = [];
  let waiting: ((event: Event) => void) | undefined;
  const push = (event: Event) => {
    if (waiting) {
      const resolve = waiting;
      waiting = undefined;
      resolve(event);
    } else queue.push(event);
  };
  const input = encodeURIComponent(JSON.stringify(transformer.serialize({ lotId })));
  const reading = (async () => {
    const response = await fetch(`${url}/trpc/lots.onAvailability?input=${input}`, {
      headers: { accept: "text/event-stream", ...(clientAddress ? { "x-forwarded-for": clientAddress } : {}) },
      signal: abort.signal,
    });
    if (!response.headers.get("content-type")?.startsWith("text/event-stream")) {
      const body = (await response.json()) as { error: { json: { data: { code: string; appCode: string } } } };
      return push({ kind: "error", ...body.error.json.data });
    }
    let buffer = "";
    for await (const chunk of response.body!.pipeThrough(new TextDecoderStream())) {
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf("\n\n")) !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const name = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (name === "serialized-error") {
          const shape = transformer.deserialize(JSON.parse(data!)) as { data: { code: string; appCode: string } };
          push({ kind: "error", code: shape.data.code, appCode: shape.data.appCode });
        } else if (name === "return") push({ kind: "return" });
        else if (name === undefined && data) push({ kind: "data", value: transformer.deserialize(JSON.parse(data)) as never, receivedAt: Date.now() });
      }
    }
    push({ kind: "end" });
  })().catch((error: unknown) => {
    if (!abort.signal.aborted) push({ kind: "error", code: "STREAM_FAILED", appCode: String(error) });
  });
  return {
    next: (timeoutMs = 10_000): Promise<Event> => {
      const queued = queue.shift();
      if (queued) return Promise.resolve(queued);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no event within ${timeoutMs} ms`)), timeoutMs);
        waiting = (event) => {
          clearTimeout(timer);
          resolve(event);
        };
      });
    },
    close: async () => {
      abort.abort();
      await reading;
    },
  };
}

export type Stream = ReturnType<typeof openStream>;
