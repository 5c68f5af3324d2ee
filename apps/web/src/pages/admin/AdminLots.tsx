import { useCallback, useState, type FormEvent } from "react";
import { Link, useLocation } from "react-router";
import { api } from "../../api.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { Field, Notice } from "../../components/Field.tsx";
import { PagedList } from "../../components/PagedList.tsx";
import { formatMoney } from "../../lib/money.ts";
import { usePaged, type PageRequest } from "../../lib/usePaged.ts";

export function AdminLots() {
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice;
  const [search, setSearch] = useState("");
  const load = useCallback((page: PageRequest) => api.lots.list.query({ ...(search ? { search } : {}), ...page }), [search]);
  const lots = usePaged(load);

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
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </PagedList>
      </section>
    </div>
  );
}
