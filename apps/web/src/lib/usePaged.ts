import { useCallback, useEffect, useRef, useState } from "react";
import type { Page } from "../api.ts";

export type PageRequest = { cursor?: string; limit: number };

type Loaded<T> = { status: "success"; items: T[]; nextCursor: string | null } | { status: "error"; error: unknown };

export interface Paged<T> {
  status: "loading" | "success" | "error";
  items: T[];
  error: unknown;
  hasMore: boolean;
  loadingMore: boolean;
  moreError: unknown;
  /** Appends the next page. */
  more(): void;
  /** Reloads what is shown (as many items as are loaded) without blanking the list. */
  refresh(): void;
}

const pageSize = 20;

/**
 * A list fetched page by page with "More". `load` must keep its identity while
 * its inputs stay the same (a `useCallback`); a new `load` starts over.
 */
export function usePaged<T>(load: (request: PageRequest) => Promise<Page<T>>): Paged<T> {
  // Results remember which `load` made them, so a changed filter shows as loading at once.
  const [loaded, setLoaded] = useState<{ source: typeof load; result: Loaded<T> } | null>(null);
  const [refreshes, setRefreshes] = useState(0);
  const [extra, setExtra] = useState({ loading: false, error: null as unknown });
  const current = loaded?.source === load ? loaded.result : null;
  // Read by a refresh to size its request; a changed count alone must not reload.
  const shown = useRef(0);
  useEffect(() => {
    shown.current = current?.status === "success" ? current.items.length : 0;
  });

  useEffect(() => {
    let live = true;
    // A refresh reloads the pages already shown in one request, up to the largest page.
    const limit = Math.min(100, Math.max(pageSize, refreshes > 0 ? shown.current : 0));
    load({ limit }).then(
      (page) => live && setLoaded({ source: load, result: { status: "success", items: page.items, nextCursor: page.nextCursor } }),
      (error: unknown) =>
        live && setLoaded((before) => (before?.source === load && refreshes > 0 ? before : { source: load, result: { status: "error", error } })),
    );
    return () => {
      live = false;
    };
  }, [load, refreshes]);

  const nextCursor = current?.status === "success" ? current.nextCursor : null;
  const more = useCallback(() => {
    if (!nextCursor) return;
    setExtra({ loading: true, error: null });
    load({ cursor: nextCursor, limit: pageSize }).then(
      (page) => {
        setLoaded((before) =>
          before?.source === load && before.result.status === "success"
            ? { source: load, result: { status: "success", items: [...before.result.items, ...page.items], nextCursor: page.nextCursor } }
            : before,
        );
        setExtra({ loading: false, error: null });
      },
      (error: unknown) => setExtra({ loading: false, error }),
    );
  }, [load, nextCursor]);

  const refresh = useCallback(() => setRefreshes((n) => n + 1), []);

  return {
    status: current ? current.status : "loading",
    items: current?.status === "success" ? current.items : [],
    error: current?.status === "error" ? current.error : null,
    hasMore: Boolean(nextCursor),
    loadingMore: extra.loading,
    moreError: extra.error,
    more,
    refresh,
  };
}
