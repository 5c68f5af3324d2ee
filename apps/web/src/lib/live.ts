import { useInvalidate, useLotAvailability, type Invalidatable } from "@park/sdk/react";
import { useEffect, useRef } from "react";

export type UpdateMode = "live" | "polling";

// Spot statuses also change with the clock (a booking starts), which the
// availability stream does not report, so a slow refresh runs regardless;
// while the stream is down, a quicker one stands in for it.
const slowRefreshMs = 60_000;
const pollMs = 15_000;

/**
 * Follows the lot's free spots live, and reloads what `reload` names each
 * time the server reports a change. `refetchInterval` is for the page's
 * queries: slow while the stream runs, quicker while it is down.
 */
export function useLotUpdates(lotId: string, reload: () => Invalidatable[]) {
  const live = useLotAvailability(lotId);
  const invalidate = useInvalidate();
  const targets = useRef(reload);
  useEffect(() => {
    targets.current = reload;
  });

  // The stream's first value is what the page loaded with; every later one is a change.
  const changedAt = live.data?.at.getTime();
  const firstAt = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (changedAt === undefined) return;
    firstAt.current ??= changedAt;
    if (changedAt !== firstAt.current) void invalidate(...targets.current());
  }, [changedAt, invalidate]);

  const mode: UpdateMode = live.status === "offline" ? "polling" : "live";
  return { live, mode, refetchInterval: mode === "live" ? slowRefreshMs : pollMs };
}
