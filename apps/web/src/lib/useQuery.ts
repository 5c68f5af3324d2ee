import { useCallback, useEffect, useState } from "react";

export type QueryState<T> = { status: "loading" } | { status: "success"; data: T } | { status: "error"; error: unknown };

export type Query<T> = QueryState<T> & {
  /** Loads again, showing the loading state meanwhile. */
  reload: () => void;
  /** Loads again in the background, keeping the data shown until the new data arrives. */
  refresh: () => void;
};

/**
 * Runs `load` on mount and on `reload()`. `load` must keep its identity between
 * renders (a module-level function or a `useCallback`), or it runs on every render.
 */
export function useQuery<T>(load: () => Promise<T>): Query<T> {
  // Results remember which `load` made them, so new inputs show as loading at once rather than the old answer.
  const [state, setState] = useState<{ source: typeof load; result: QueryState<T> } | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    load().then(
      (data) => current && setState({ source: load, result: { status: "success", data } }),
      // A failed background refresh keeps what was shown.
      (error: unknown) =>
        current &&
        setState((before) =>
          before?.source === load && before.result.status === "success" && attempt > 0 ? before : { source: load, result: { status: "error", error } },
        ),
    );
    return () => {
      current = false;
    };
  }, [load, attempt]);

  const reload = useCallback(() => {
    setState(null);
    setAttempt((n) => n + 1);
  }, []);

  const refresh = useCallback(() => setAttempt((n) => n + 1), []);

  const shown: QueryState<T> = state?.source === load ? state.result : { status: "loading" };
  return { ...shown, reload, refresh };
}
