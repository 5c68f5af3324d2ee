import { messageOf } from "../api.ts";
import { FormError } from "./Field.tsx";

export function Loading({ what = "Loading…" }: { what?: string }) {
  return (
    <p className="muted" role="status">
      {what}
    </p>
  );
}

/** A failed load, with a way to try again. */
export function LoadError({ error, retry }: { error: unknown; retry?: () => void }) {
  return (
    <div className="stack-tight">
      <FormError message={messageOf(error)} />
      {retry ? (
        <p>
          <button type="button" className="button button-quiet" onClick={retry}>
            Try again
          </button>
        </p>
      ) : null}
    </div>
  );
}

/** "More" under a paged list; says so when the next page failed. */
export function MoreButton({ hasMore, loading, error, onMore }: { hasMore: boolean; loading: boolean; error: unknown; onMore: () => void }) {
  if (!hasMore) return null;
  return (
    <div className="more">
      {error ? <FormError message={messageOf(error)} /> : null}
      <button type="button" className="button button-quiet" onClick={onMore} disabled={loading}>
        {loading ? "Loading…" : "More"}
      </button>
    </div>
  );
}
