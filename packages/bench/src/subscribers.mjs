// Live-availability subscribers held open over SSE while a target runs, as
// lobby displays and driver apps watching the lots being booked would.
import superjson from "superjson";

/**
 * Opens `count` lots.onAvailability streams spread evenly over `lots` and
 * resolves once every one has had its first value, so the run that follows
 * measures streams that are really open.
 */
export async function openSubscribers(parkUrl, lots, count, { timeoutMs = 30_000 } = {}) {
  const abort = new AbortController();
  let events = 0;
  let dropped = 0;
  const streams = Array.from({ length: count }, (_, i) => {
    const input = encodeURIComponent(JSON.stringify(superjson.serialize({ lotId: lots[i % lots.length].id })));
    return new Promise((opened, failed) => {
      const timer = setTimeout(() => failed(new Error(`subscriber ${i} had no first value within ${timeoutMs} ms`)), timeoutMs);
      const reading = (async () => {
        const res = await fetch(`${parkUrl}/trpc/lots.onAvailability?input=${input}`, { headers: { accept: "text/event-stream" }, signal: abort.signal });
        if (!res.headers.get("content-type")?.startsWith("text/event-stream"))
          throw new Error(`subscriber ${i}: ${res.status} ${(await res.text()).slice(0, 300)}`);
        let buffer = "";
        for await (const chunk of res.body.pipeThrough(new TextDecoderStream())) {
          buffer += chunk;
          let end;
          while ((end = buffer.indexOf("\n\n")) !== -1) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (block.startsWith("event: serialized-error")) throw new Error(`subscriber ${i}: ${block.slice(0, 300)}`);
            // Values come as unnamed events; connected, ping and return are named.
            if (/^data: /m.test(block) && !/^event: /m.test(block)) {
              events++;
              clearTimeout(timer);
              opened();
            }
          }
        }
      })();
      reading.then(
        () => {
          if (!abort.signal.aborted) dropped++;
        },
        (error) => {
          clearTimeout(timer);
          if (abort.signal.aborted) return;
          dropped++;
          failed(error);
        },
      );
    });
  });
  try {
    await Promise.all(streams);
  } catch (error) {
    abort.abort();
    throw error;
  }
  return {
    /** Values received so far, first ones included. */
    events: () => events,
    /** Streams that ended or failed before close(). */
    dropped: () => dropped,
    close: () => abort.abort(),
  };
}
