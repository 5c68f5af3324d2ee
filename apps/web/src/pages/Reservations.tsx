import { useCallback, useState } from "react";
import { Link, useLocation, useNavigate } from "react-router";
import { api, messageOf, type Reservation, type ReservationStatus } from "../api.ts";
import { DataTable } from "../components/DataTable.tsx";
import { FormError, Notice, SelectField } from "../components/Field.tsx";
import { PagedList } from "../components/PagedList.tsx";
import { StatusBadge } from "../components/StatusBadge.tsx";
import { reservationStatusLabel, reservationStatuses } from "../lib/labels.ts";
import { formatMoney } from "../lib/money.ts";
import { placeOf } from "../lib/spotPlaces.ts";
import { formatWindow } from "../lib/time.ts";
import { useNow } from "../lib/useNow.ts";
import { usePaged, type PageRequest } from "../lib/usePaged.ts";

// Check-in opens this long before a reservation starts.
const checkInEarlyMs = 15 * 60_000;

export function Reservations() {
  const location = useLocation();
  const navigate = useNavigate();
  const now = useNow();
  const [status, setStatus] = useState<ReservationStatus | "">("");
  const [notice, setNotice] = useState<string | null>((location.state as { notice?: string } | null)?.notice ?? null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  // Rows changed here are shown as the server returned them, without reloading the list.
  const [changed, setChanged] = useState<Record<string, Reservation>>({});

  const load = useCallback((page: PageRequest) => api.reservations.list.query({ ...(status ? { status } : {}), ...page }), [status]);
  const reservations = usePaged(load);

  const act = async (reservation: Reservation, action: () => Promise<void>) => {
    setBusy(reservation.id);
    setError(null);
    setNotice(null);
    try {
      await action();
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(null);
    }
  };

  const cancel = (reservation: Reservation) =>
    act(reservation, async () => {
      const cancelled = await api.reservations.cancel.mutate({ id: reservation.id });
      setChanged((rows) => ({ ...rows, [cancelled.id]: cancelled }));
      setNotice(`Cancelled the reservation at ${cancelled.lot.name}.`);
    });

  const checkIn = (reservation: Reservation) =>
    act(reservation, async () => {
      const session = await api.sessions.start.mutate({ lotId: reservation.lot.id, vehicleId: reservation.vehicle.id, reservationId: reservation.id });
      navigate("/sessions", { state: { notice: `Checked in at ${session.lot.name}, spot ${session.spot.label}.` } });
    });

  return (
    <div className="stack">
      <header className="page-header">
        <h1>My reservations</h1>
        <p className="muted">
          Reserve from a <Link to="/lots">lot's page</Link>. Check in from 15 minutes before the start.
        </p>
      </header>
      <Notice message={notice} />
      <FormError message={error} />
      <section className="card" aria-label="Reservations">
        <div className="inline-form">
          <SelectField
            label="Status"
            hideOptional
            name="status"
            value={status}
            onChange={(event) => setStatus(event.target.value as ReservationStatus | "")}
            options={[{ value: "", label: "All" }, ...reservationStatuses.map((s) => ({ value: s, label: reservationStatusLabel[s] }))]}
          />
        </div>
        <PagedList list={reservations} empty={`No reservations${status ? ` that are ${reservationStatusLabel[status]}` : ""}.`}>
          {(items) => (
            <DataTable columns={["Status", "Lot", "Spot", "Vehicle", "When", "Amount"]} actions>
              {items.map((listed) => {
                const r = changed[listed.id] ?? listed;
                const cancellable = r.status === "confirmed" && r.startsAt > now;
                const checkInOpen = r.status === "confirmed" && now.getTime() >= r.startsAt.getTime() - checkInEarlyMs && now < r.endsAt;
                return (
                  <tr key={r.id}>
                    <td>
                      <StatusBadge status={r.status} label={reservationStatusLabel[r.status]} />
                    </td>
                    <td>
                      <Link to={`/lots/${r.lot.id}`}>{r.lot.name}</Link>
                    </td>
                    <td>{placeOf(r.spot)}</td>
                    <td className="plate">{r.vehicle.plate}</td>
                    <td>{formatWindow(r.startsAt, r.endsAt)}</td>
                    <td>{formatMoney(r.amountCents, r.currency)}</td>
                    <td className="cell-actions">
                      {checkInOpen ? (
                        <button type="button" className="button button-small" disabled={busy === r.id} onClick={() => checkIn(r)}>
                          Check in
                        </button>
                      ) : null}
                      {cancellable ? (
                        <button type="button" className="button button-quiet button-small" disabled={busy === r.id} onClick={() => cancel(r)}>
                          Cancel
                        </button>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </DataTable>
          )}
        </PagedList>
      </section>
    </div>
  );
}
