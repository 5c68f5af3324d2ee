import { useInvalidate, useTRPC } from "@park/sdk/react";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useCallback, useState, type FormEvent } from "react";
import { Link, useLocation } from "react-router";
import { api, messageOf, type Session } from "../api.ts";
import { DataTable } from "../components/DataTable.tsx";
import { Facts } from "../components/Facts.tsx";
import { FormError, Notice } from "../components/Field.tsx";
import { LoadError, Loading } from "../components/Loading.tsx";
import { LotSelect } from "../components/LotSelect.tsx";
import { PagedList } from "../components/PagedList.tsx";
import { Receipt } from "../components/Receipt.tsx";
import { StatusBadge } from "../components/StatusBadge.tsx";
import { useVehicleChoice, VehicleSelect } from "../components/VehicleSelect.tsx";
import { paymentStatusLabel } from "../lib/labels.ts";
import { formatMoney } from "../lib/money.ts";
import { placeOf } from "../lib/spotPlaces.ts";
import { formatDateTime, formatDuration } from "../lib/time.ts";
import { paged, pagedQuery } from "../lib/queries.ts";
import { useNow } from "../lib/useNow.ts";

export function Sessions() {
  const location = useLocation();
  const [notice, setNotice] = useState<string | null>((location.state as { notice?: string } | null)?.notice ?? null);
  const [receipt, setReceipt] = useState<Session | null>(null);
  const trpc = useTRPC();
  const invalidate = useInvalidate();
  const active = useQuery(trpc.sessions.list.queryOptions({ active: true, limit: 100 }, { select: (page) => page.items }));
  const history = paged(
    useInfiniteQuery(pagedQuery(trpc.sessions.list.infiniteQueryKey({ active: false }), (page) => api.sessions.list.query({ active: false, ...page }))),
  );

  // Parking and leaving change the lot's free spots too.
  const changed = useCallback(() => invalidate(trpc.sessions, trpc.lots, trpc.reservations), [invalidate, trpc]);
  const onStarted = useCallback(
    (session: Session) => {
      setNotice(`Parked at ${session.lot.name}, spot ${session.spot.label}.`);
      setReceipt(null);
      void changed();
    },
    [changed],
  );
  const onEnded = (session: Session) => {
    setNotice(null);
    setReceipt(session);
    void changed();
  };
  const onPaid = (session: Session) => {
    setReceipt(session);
    void invalidate(trpc.sessions);
  };

  return (
    <div className="stack">
      <header className="page-header">
        <h1>Parking</h1>
        <p className="muted">Park now without a reservation, end your stay when you leave, and pay.</p>
      </header>
      <Notice message={notice} />
      {receipt ? <Receipt session={receipt} place={placeOf(receipt.spot)} onPaid={onPaid} /> : null}
      <section className="card" aria-labelledby="sessions-active">
        <h2 id="sessions-active">Parked now</h2>
        {!active.data ? (
          active.isError ? (
            <LoadError error={active.error} retry={() => void active.refetch()} />
          ) : (
            <Loading />
          )
        ) : active.data.length === 0 ? (
          <p className="muted">You are not parked anywhere.</p>
        ) : (
          <ul className="session-list">
            {active.data.map((session) => (
              <ActiveSession key={session.id} session={session} place={placeOf(session.spot)} onEnded={onEnded} />
            ))}
          </ul>
        )}
      </section>
      <ParkNow onStarted={onStarted} />
      <section className="card" aria-labelledby="sessions-history">
        <h2 id="sessions-history">Past sessions</h2>
        <PagedList list={history} empty="None yet.">
          {(items) => (
            <DataTable columns={["Lot", "Spot", "Plate", "Started", "Duration", "Amount", "Payment"]}>
              {items.map((s) => (
                <tr key={s.id}>
                  <td>{s.lot.name}</td>
                  <td>{placeOf(s.spot)}</td>
                  <td className="plate">{s.plate}</td>
                  <td>{formatDateTime(s.startedAt)}</td>
                  <td>{s.endedAt ? formatDuration(s.endedAt.getTime() - s.startedAt.getTime()) : "—"}</td>
                  <td>{s.amountCents === null ? "—" : formatMoney(s.amountCents, s.currency)}</td>
                  <td>
                    <StatusBadge status={s.paymentStatus} label={paymentStatusLabel[s.paymentStatus]} />
                    {s.paymentStatus === "unpaid" && receipt?.id !== s.id ? (
                      <button type="button" className="button button-quiet button-small" onClick={() => setReceipt(s)}>
                        Pay…
                      </button>
                    ) : null}
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

function ActiveSession({ session, place, onEnded }: { session: Session; place: string | undefined; onEnded: (session: Session) => void }) {
  const now = useNow(15_000);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const end = async () => {
    setBusy(true);
    setError(null);
    try {
      onEnded(await api.sessions.end.mutate({ id: session.id }));
    } catch (caught) {
      setError(messageOf(caught));
      setBusy(false);
    }
  };
  return (
    <li className="session-card" aria-label={`Session at ${session.lot.name}`}>
      <Facts
        items={[
          ["Lot", session.lot.name],
          ["Spot", place ?? session.spot.label],
          ["Plate", session.plate],
          ["Since", formatDateTime(session.startedAt)],
          ["Parked for", formatDuration(now.getTime() - session.startedAt.getTime())],
          ["Status", <StatusBadge key="status" status={session.status} label={session.reservationId ? "active (reserved)" : "active"} />],
        ]}
      />
      <FormError message={error} />
      <button type="button" className="button" onClick={end} disabled={busy}>
        {busy ? "Ending…" : "End"}
      </button>
    </li>
  );
}

function ParkNow({ onStarted }: { onStarted: (session: Session) => void }) {
  const vehicleChoice = useVehicleChoice();
  const { vehicles, vehicleId } = vehicleChoice;
  const [lotId, setLotId] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setError(null);
    if (!lotId || !vehicleId) {
      setError(!lotId ? "Choose a lot." : "Add a vehicle first.");
      return;
    }
    setBusy(true);
    try {
      onStarted(await api.sessions.start.mutate({ lotId, vehicleId }));
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="sessions-park">
      <h2 id="sessions-park">Park now</h2>
      {!vehicles.data && vehicles.isError ? (
        <LoadError error={vehicles.error} retry={() => void vehicles.refetch()} />
      ) : vehicles.data && vehicleChoice.list.length === 0 ? (
        <p>
          <Link to="/vehicles">Add a vehicle</Link> to park.
        </p>
      ) : (
        <form onSubmit={onSubmit} noValidate>
          <LotSelect value={lotId} onChange={setLotId} />
          <VehicleSelect choice={vehicleChoice} />
          <FormError message={error} />
          <button type="submit" className="button" disabled={busy || vehicles.isPending}>
            {busy ? "Parking…" : "Park now"}
          </button>
        </form>
      )}
    </section>
  );
}
