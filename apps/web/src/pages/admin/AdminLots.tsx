import { appCode } from "@park/sdk";
import { useInvalidate, useTRPC } from "@park/sdk/react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link, useLocation } from "react-router";
import { api, type LotSummary } from "../../api.ts";
import { ConfirmDialog } from "../../components/ConfirmDialog.tsx";
import { DataTable } from "../../components/DataTable.tsx";
import { Field, Notice } from "../../components/Field.tsx";
import { PagedList } from "../../components/PagedList.tsx";
import { formatMoney } from "../../lib/money.ts";
import { paged, pagedQuery } from "../../lib/queries.ts";
import { Refusal } from "../../lib/useSubmit.ts";

/** Why a lot cannot go, in words, with what to do about it. */
const deleteRefusals: Record<string, (name: string) => string> = {
  LOT_HAS_ACTIVE_SESSIONS: (name) => `${name} cannot be deleted: cars are parked in it. Wait until they have left.`,
  LOT_HAS_BOOKINGS: (name) => `${name} cannot be deleted: it has reservations ahead. Wait until they are over or cancelled.`,
};

export function AdminLots() {
  const location = useLocation();
  const [notice, setNotice] = useState<string | null>((location.state as { notice?: string } | null)?.notice ?? null);
  const [deleting, setDeleting] = useState<LotSummary | null>(null);
  const [search, setSearch] = useState("");
  const trpc = useTRPC();
  const invalidate = useInvalidate();
  const filters = search ? { search } : {};
  const lots = paged(useInfiniteQuery(pagedQuery(trpc.lots.list.infiniteQueryKey(filters), (page) => api.lots.list.query({ ...filters, ...page }))));

  const remove = async (lot: LotSummary) => {
    try {
      await api.lots.delete.mutate({ id: lot.id });
    } catch (caught) {
      const refusal = deleteRefusals[appCode(caught) ?? ""];
      throw refusal ? new Refusal(refusal(lot.name)) : caught;
    }
    setDeleting(null);
    setNotice(`Deleted ${lot.name}.`);
    void invalidate(trpc.lots);
  };

  const onSearch = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSearch(String(new FormData(event.currentTarget).get("search")).trim());
  };

  return (
    <div className="stack">
      <header className="page-header card-header">
        <div>
          <h1>Lots</h1>
          <p className="muted">Every lot, its size and price.</p>
        </div>
        <Link className="button" to="/admin/lots/new">
          New lot
        </Link>
      </header>
      <Notice message={notice} />
      <section className="card" aria-label="All lots">
        <form role="search" onSubmit={onSearch} className="inline-form">
          <Field label="Search lots" hideOptional name="search" type="search" />
          <button type="submit" className="button button-quiet">
            Search
          </button>
        </form>
        <PagedList list={lots} empty="No lots.">
          {(items) => (
            <DataTable columns={["Name", "City", "Free / capacity", "Hourly", "Daily max"]} actions>
              {items.map((lot) => (
                <tr key={lot.id}>
                  <td>
                    <Link to={`/lots/${lot.id}`}>{lot.name}</Link>
                  </td>
                  <td>{lot.city}</td>
                  <td>
                    {lot.available} / {lot.capacity}
                  </td>
                  <td>{formatMoney(lot.hourlyRateCents, lot.currency)}</td>
                  <td>{lot.dailyMaxCents === null ? "—" : formatMoney(lot.dailyMaxCents, lot.currency)}</td>
                  <td className="cell-actions">
                    <Link to={`/admin/lots/${lot.id}/edit`} aria-label={`Edit ${lot.name}`}>
                      Edit
                    </Link>
                    <Link to={`/admin/occupancy?lot=${lot.id}`} aria-label={`Occupancy of ${lot.name}`}>
                      Occupancy
                    </Link>
                    <button type="button" className="button button-quiet button-small" aria-label={`Delete ${lot.name}`} onClick={() => setDeleting(lot)}>
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </PagedList>
      </section>
      {deleting ? (
        <ConfirmDialog
          title={`Delete ${deleting.name}?`}
          confirmLabel="Delete lot"
          busyLabel="Deleting…"
          danger
          onConfirm={() => remove(deleting)}
          onClose={() => setDeleting(null)}
        >
          <p>Drivers will no longer find it or book it. Its past sessions, payments and audit trail are kept.</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
