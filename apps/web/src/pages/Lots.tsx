import { useTRPC } from "@park/sdk/react";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useEffect, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { api, type LotSummary } from "../api.ts";
import { Facts } from "../components/Facts.tsx";
import { Field, SelectField } from "../components/Field.tsx";
import { LoadError, Loading, MoreButton } from "../components/Loading.tsx";
import { formatMoney } from "../lib/money.ts";
import { everyPage, paged, pagedQuery } from "../lib/queries.ts";

interface Filters {
  search?: string;
  city?: string;
  near?: { lat: number; lng: number; radiusKm: number };
}

type Locating = { status: "idle" } | { status: "locating" } | { status: "unavailable"; reason: string };

const radii = [2, 5, 10, 25, 50, 100, 500];
const refreshMs = 20_000;

const citiesOf = (lots: LotSummary[]) => [...new Set(lots.map((lot) => lot.city))].sort();

export function Lots() {
  const [filters, setFilters] = useState<Filters>({});
  const [radiusKm, setRadiusKm] = useState(25);
  const [locating, setLocating] = useState<Locating>(() =>
    "geolocation" in navigator ? { status: "idle" } : { status: "unavailable", reason: "This browser cannot share its location." },
  );
  const trpc = useTRPC();
  // There is no list of cities to ask for, so the choices come from the lots themselves.
  const cities = useQuery({ ...everyPage(trpc.lots.list.queryKey({}), (page) => api.lots.list.query(page)), select: citiesOf });
  // Counts move as cars come and go; the shown pages are reloaded in the background.
  const lots = paged(
    useInfiniteQuery({
      ...pagedQuery(trpc.lots.list.infiniteQueryKey(filters), (page) => api.lots.list.query({ ...filters, ...page })),
      refetchInterval: refreshMs,
    }),
  );

  // A refusal given earlier stands: say so up front rather than offering a button that cannot work.
  useEffect(() => {
    let live = true;
    navigator.permissions
      ?.query({ name: "geolocation" })
      .then((status) => live && status.state === "denied" && setLocating({ status: "unavailable", reason: "Location access is blocked for this site." }))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);

  const onSearch = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const search = String(new FormData(event.currentTarget).get("search")).trim();
    setFilters(({ search: _old, ...rest }) => (search ? { ...rest, search } : rest));
  };

  const onCity = (city: string) => setFilters(({ city: _old, ...rest }) => (city ? { ...rest, city } : rest));

  const nearMe = () => {
    setLocating({ status: "locating" });
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocating({ status: "idle" });
        setFilters((rest) => ({ ...rest, near: { lat: position.coords.latitude, lng: position.coords.longitude, radiusKm } }));
      },
      (error) =>
        setLocating({
          status: "unavailable",
          reason:
            error.code === error.PERMISSION_DENIED ? "Location access was refused, so lots are not sorted by distance." : "Your location could not be found.",
        }),
      { timeout: 10_000, maximumAge: 60_000 },
    );
  };

  const onRadius = (value: number) => {
    setRadiusKm(value);
    setFilters((rest) => (rest.near ? { ...rest, near: { ...rest.near, radiusKm: value } } : rest));
  };

  const cityOptions = [{ value: "", label: "All cities" }, ...(cities.data ?? []).map((city) => ({ value: city, label: city }))];

  return (
    <div className="stack">
      <header className="page-header">
        <h1>Find a lot</h1>
        <p className="muted">Free spots are counted live. Open a lot to see its map and reserve.</p>
      </header>
      <section className="card filters" aria-label="Filters">
        <form role="search" onSubmit={onSearch} className="inline-form">
          <Field label="Search" hideOptional name="search" type="search" placeholder="Name, address or city" />
          <button type="submit" className="button">
            Search
          </button>
        </form>
        <div className="inline-form">
          <SelectField
            label="City"
            hideOptional
            name="city"
            options={cityOptions}
            value={filters.city ?? ""}
            onChange={(event) => onCity(event.target.value)}
          />
          <SelectField
            label="Within"
            hideOptional
            name="radius"
            options={radii.map((km) => ({ value: String(km), label: `${km} km` }))}
            value={String(radiusKm)}
            onChange={(event) => onRadius(Number(event.target.value))}
          />
          {filters.near ? (
            <button type="button" className="button button-quiet" onClick={() => setFilters(({ near: _old, ...rest }) => rest)}>
              Stop sorting by distance
            </button>
          ) : (
            <button type="button" className="button button-quiet" onClick={nearMe} disabled={locating.status !== "idle"}>
              {locating.status === "locating" ? "Locating…" : "Near me"}
            </button>
          )}
        </div>
        {locating.status === "unavailable" ? <p className="hint">{locating.reason}</p> : null}
        {filters.near ? <p className="hint">Nearest first, within {filters.near.radiusKm} km of you.</p> : null}
      </section>
      {lots.status === "loading" ? (
        <Loading what="Loading lots…" />
      ) : lots.status === "error" ? (
        <LoadError error={lots.error} retry={lots.refresh} />
      ) : lots.items.length === 0 ? (
        <p className="muted" role="status">
          No lot matches.
        </p>
      ) : (
        <>
          <ul className="lot-list" aria-label="Lots">
            {lots.items.map((lot) => (
              <LotCard key={lot.id} lot={lot} />
            ))}
          </ul>
          <MoreButton hasMore={lots.hasMore} loading={lots.loadingMore} error={lots.moreError} onMore={lots.more} />
        </>
      )}
    </div>
  );
}

const distance = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

function LotCard({ lot }: { lot: LotSummary }) {
  const headingId = `lot-${lot.id}`;
  return (
    <li className="card lot-card" aria-labelledby={headingId}>
      <div className="card-header">
        <h2 id={headingId}>
          <Link to={`/lots/${lot.id}`}>{lot.name}</Link>
        </h2>
        <span className={lot.available > 0 ? "badge badge-ok" : "badge badge-bad"}>{lot.available > 0 ? "Spots free" : "Full"}</span>
      </div>
      <p className="muted">
        {lot.address}, {lot.city}
      </p>
      <Facts
        items={[
          ["Free now", `${lot.available} of ${lot.capacity}`],
          ["Hourly rate", formatMoney(lot.hourlyRateCents, lot.currency)],
          ["Daily max", lot.dailyMaxCents === null ? "No cap" : formatMoney(lot.dailyMaxCents, lot.currency)],
          ...(lot.distanceKm !== undefined ? [["Distance", `${distance.format(lot.distanceKm)} km`] as [string, string]] : []),
        ]}
      />
    </li>
  );
}
