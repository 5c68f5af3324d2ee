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
  const [state, setState] = useState<QueryState<T>>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    load().then(
      (data) => current && setState({ status: "success", data }),
      // A failed background refresh keeps what was shown.
      (error: unknown) => current && setState((before) => (before.status === "success" && attempt > 0 ? before : { status: "error", error })),
    );
    return () => {
      current = false;
    };
  }, [load, attempt]);

  const reload = useCallback(() => {
    setState({ status: "loading" });
    setAttempt((n) => n + 1);
  }, []);

  const refresh = useCallback(() => setAttempt((n) => n + 1), []);

  return { ...state, reload, refresh };
}
