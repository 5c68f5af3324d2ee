import { useTRPC } from "@park/sdk/react";
import { useQuery } from "@tanstack/react-query";
import { Link, useLocation, useParams } from "react-router";
import { api, type Lot } from "../api.ts";
import { useAuth } from "../auth.ts";
import { Facts } from "../components/Facts.tsx";
import { Notice } from "../components/Field.tsx";
import { LoadError, Loading } from "../components/Loading.tsx";
import { ReserveForm } from "../components/ReserveForm.tsx";
import { SpotMap } from "../components/SpotMap.tsx";
import { amenityLabel } from "../lib/labels.ts";
import { formatMoney } from "../lib/money.ts";
import { formatClock, formatMinutes } from "../lib/time.ts";
import { useLotUpdates } from "../lib/live.ts";
import { everyPage } from "../lib/queries.ts";

export function LotPage() {
  const { id = "" } = useParams();
  // A fresh component per lot, so nothing of the previous lot lingers.
  return <LotDetail key={id} lotId={id} />;
}

function LotDetail({ lotId }: { lotId: string }) {
  const { user } = useAuth();
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice;
  const trpc = useTRPC();
  const { live, mode, refetchInterval } = useLotUpdates(lotId, () => [trpc.lots, trpc.spots]);
  const lotQuery = useQuery({ ...trpc.lots.byId.queryOptions({ id: lotId }), refetchInterval });
  const spotsQuery = useQuery({ ...everyPage(trpc.spots.list.queryKey({ lotId }), (page) => api.spots.list.query({ lotId, ...page })), refetchInterval });

  if (!lotQuery.data || !spotsQuery.data) {
    const failed = lotQuery.isError ? lotQuery : spotsQuery.isError ? spotsQuery : null;
    if (!failed) return <Loading what="Loading the lot…" />;
    return <LoadError error={failed.error} retry={() => void Promise.all([lotQuery.refetch(), spotsQuery.refetch()])} />;
  }
  const lot = lotQuery.data;
  const spots = spotsQuery.data;
  const updatedAt = new Date(Math.max(lotQuery.dataUpdatedAt, spotsQuery.dataUpdatedAt));
  const staff = user?.role === "admin" || user?.role === "attendant";

  return (
    <div className="stack">
      <Notice message={notice} />
      <header className="page-header">
        <h1>{lot.name}</h1>
        <p className="muted">
          {lot.address}, {lot.city}
        </p>
        {staff ? (
          <p className="actions">
            <Link to={`/admin/occupancy?lot=${lot.id}`}>Occupancy board</Link>
            {user?.role === "admin" ? <Link to={`/admin/lots/${lot.id}/edit`}>Edit lot</Link> : null}
          </p>
        ) : null}
      </header>
      <section className="card" aria-labelledby="lot-details">
        <h2 id="lot-details">Details</h2>
        <Facts
          items={[
            ["Free now", `${live.data?.available ?? lot.available} of ${lot.capacity}`],
            ["Hourly rate", formatMoney(lot.hourlyRateCents, lot.currency)],
            ["Daily max", lot.dailyMaxCents === null ? "No cap" : formatMoney(lot.dailyMaxCents, lot.currency)],
            ["Grace period", formatMinutes(lot.graceMinutes)],
            ["Billed per", formatMinutes(lot.billingIncrementMinutes)],
            ["Time zone", lot.timezone],
            ["Amenities", lot.amenities.length ? lot.amenities.map(amenityLabel).join(", ") : "None listed"],
            ["Opening hours", <OpeningHours key="hours" hours={lot.openingHours} />],
          ]}
        />
      </section>
      <section className="card" aria-labelledby="lot-map">
        <div className="card-header">
          <h2 id="lot-map">Spot map</h2>
          <p className="muted live-note" role="status">
            {mode === "live" ? "Live" : "Refreshing every 15 s"}
            {` · updated ${formatClock(updatedAt)}`}
          </p>
        </div>
        <SpotMap levels={lot.levels} spots={spots} />
      </section>
      <section className="card" aria-labelledby="lot-reserve">
        <h2 id="lot-reserve">Reserve a spot</h2>
        {user ? (
          <ReserveForm lot={lot} />
        ) : (
          <p>
            <Link to={`/sign-in?next=${encodeURIComponent(`/lots/${lot.id}`)}`}>Sign in to reserve</Link>
          </p>
        )}
      </section>
    </div>
  );
}

const days = [
  ["mon", "Mon"],
  ["tue", "Tue"],
  ["wed", "Wed"],
  ["thu", "Thu"],
  ["fri", "Fri"],
  ["sat", "Sat"],
  ["sun", "Sun"],
] as const;

function OpeningHours({ hours }: { hours: Lot["openingHours"] }) {
  if (!hours) return <>Open 24 hours</>;
  return (
    <ul className="plain-list">
      {days.map(([key, name]) => {
        const spans = hours[key];
        return (
          <li key={key}>
            {name}: {spans?.length ? spans.map((span) => `${span.open}–${span.close}`).join(", ") : "closed"}
          </li>
        );
      })}
    </ul>
  );
}
