import type { ReactNode } from "react";
import type { Paged } from "../lib/queries.ts";
import { LoadError, Loading, MoreButton } from "./Loading.tsx";

interface PagedListProps<T> {
  list: Paged<T>;
  /** Said when the list has nothing in it. */
  empty: string;
  children: (items: T[]) => ReactNode;
}

/** A paged list while it loads, fails or is empty, else its items; "More" beneath. */
export function PagedList<T>({ list, empty, children }: PagedListProps<T>) {
  return (
    <>
      {list.status === "loading" ? (
        <Loading />
      ) : list.status === "error" ? (
        <LoadError error={list.error} retry={list.refresh} />
      ) : list.items.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        children(list.items)
      )}
      <MoreButton hasMore={list.hasMore} loading={list.loadingMore} error={list.moreError} onMore={list.more} />
    </>
  );
}
