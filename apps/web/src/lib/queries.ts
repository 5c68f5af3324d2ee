import { infiniteQueryOptions, queryOptions, type InfiniteData, type UseInfiniteQueryResult } from "@tanstack/react-query";
import { allPages, type Page, type PageRequest } from "../api.ts";

/** A paged list as the pages show it: items so far, and "More". */
export interface Paged<T> {
  status: "loading" | "success" | "error";
  items: T[];
  error: unknown;
  hasMore: boolean;
  loadingMore: boolean;
  moreError: unknown;
  /** Appends the next page. */
  more(): void;
  /** Loads again what is shown, without blanking the list. */
  refresh(): void;
}

/**
 * A paged procedure for `useInfiniteQuery`, page after page by cursor. `key`
 * is the procedure's infinite-query key for the same filters
 * (`trpc.reservations.list.infiniteQueryKey(filters)`), so invalidating the
 * procedure's router covers it. tRPC's own `infiniteQueryOptions` cannot
 * serve here: it adds a `direction` to the input, which the API's inputs,
 * strict about unknown keys, refuse.
 */
export function pagedQuery<T>(key: readonly unknown[], load: (page: { cursor?: string }) => Promise<Page<T>>) {
  return infiniteQueryOptions({
    queryKey: key,
    queryFn: ({ pageParam }) => load(pageParam ? { cursor: pageParam } : {}),
    initialPageParam: null as string | null,
    getNextPageParam: (last: Page<T>) => last.nextCursor,
  });
}

/**
 * A list from `useInfiniteQuery(pagedQuery(…))`, as the pages show it.
 * A refetch that fails keeps the items shown; only a list with nothing yet shows the error.
 */
export function paged<T, Cursor, Failure>(query: UseInfiniteQueryResult<InfiniteData<Page<T>, Cursor>, Failure>): Paged<T> {
  const items = query.data?.pages.flatMap((page) => page.items) ?? [];
  return {
    status: query.data ? "success" : query.isError ? "error" : "loading",
    items,
    error: query.data ? null : query.error,
    hasMore: query.hasNextPage,
    loadingMore: query.isFetchingNextPage,
    moreError: query.isFetchNextPageError ? query.error : null,
    more: () => void query.fetchNextPage(),
    refresh: () => void query.refetch(),
  };
}

/**
 * Every item of a paged procedure as one cached answer, at the largest page
 * size. `key` is the procedure's query key for the same filters
 * (`trpc.spots.list.queryKey({ lotId })`), so invalidating the procedure's
 * router covers this answer too.
 */
export function everyPage<T>(key: readonly unknown[], load: (page: PageRequest) => Promise<Page<T>>) {
  return queryOptions({ queryKey: [...key, "every page"], queryFn: () => allPages(load) });
}
