import { useEffect, useRef, useState } from "react";
import { api } from "../api.ts";

export type UpdateMode = "live" | "polling";

// Spot statuses also change with the clock (a booking starts), which the
// availability stream does not report, so a slow refresh runs regardless.
const slowRefreshMs = 60_000;
const pollMs = 15_000;

/**
 * Calls `onChange` whenever the lot's availability changes, from the server's
 * event stream; falls back to polling when the stream cannot be opened.
 */
export function useLotUpdates(lotId: string | null, onChange: () => void): UpdateMode {
  const [failedFor, setFailedFor] = useState<string | null>(null);
  const latest = useRef(onChange);
  useEffect(() => {
    latest.current = onChange;
  });

  useEffect(() => {
    if (!lotId) return;
    // The stream opens with the current count, which the caller has just loaded.
    let first = true;
    const subscription = api.lots.onAvailability.subscribe(
      { lotId },
      {
        onData: () => {
          if (first) first = false;
          else latest.current();
        },
        onError: () => setFailedFor(lotId),
      },
    );
    return () => subscription.unsubscribe();
  }, [lotId]);

  const mode: UpdateMode = failedFor !== null && failedFor === lotId ? "polling" : "live";
  useEffect(() => {
    if (!lotId) return;
    const timer = setInterval(() => latest.current(), mode === "polling" ? pollMs : slowRefreshMs);
    return () => clearInterval(timer);
  }, [lotId, mode]);

  return mode;
}
