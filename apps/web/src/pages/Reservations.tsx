import { useInvalidate, useTRPC } from "@park/sdk/react";
import { useInfiniteQuery, useMutation, useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useLocation, useNavigate } from "react-router";
import { api, messageOf, type Page, type Reservation, type ReservationStatus } from "../api.ts";
import { DataTable } from "../components/DataTable.tsx";
import { FormError, Notice, SelectField } from "../components/Field.tsx";
import { PagedList } from "../components/PagedList.tsx";
import { StatusBadge } from "../components/StatusBadge.tsx";
import { reservationStatusLabel, reservationStatuses } from "../lib/labels.ts";
import { formatMoney } from "../lib/money.ts";
import { placeOf } from "../lib/spotPlaces.ts";
import { formatWindow } from "../lib/time.ts";
import { paged, pagedQuery } from "../lib/queries.ts";
import { useNow } from "../lib/useNow.ts";

// Check-in opens this long before a reservation starts.
const checkInEarlyMs = 15 * 60_000;

export function Reservations() {
  const location = useLocation();
  const navigate = useNavigate();
  const now = useNow();
  const [status, setStatus] = useState<ReservationStatus | "">("");
  const [notice, setNotice] = useState<string | null>((location.state as { notice?: string } | null)?.notice ?? null);
  const [error, setError] = useState<string | null>(null);
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const invalidate = useInvalidate();

  const filters = status ? { status } : {};
  const reservations = paged(
    useInfiniteQuery(pagedQuery(trpc.reservations.list.infiniteQueryKey(filters), (page) => api.reservations.list.query({ ...filters, ...page }))),
  );

  // The list shows the cancellation at once; a refusal puts back what was shown and says why.
  const lists = { queryKey: trpc.reservations.list.infiniteQueryKey() };
  const cancellation = useMutation(
    trpc.reservations.cancel.mutationOptions({
      onMutate: async ({ id }) => {
        setError(null);
        setNotice(null);
        await queryClient.cancelQueries(lists);
        const shown = queryClient.getQueriesData<InfiniteData<Page<Reservation>>>(lists);
        queryClient.setQueriesData<InfiniteData<Page<Reservation>>>(lists, (data) =>
          data
            ? {
                ...data,
                pages: data.pages.map((page) => ({ ...page, items: page.items.map((r) => (r.id === id ? { ...r, status: "cancelled" as const } : r)) })),
              }
            : data,
        );
        return { shown };
      },
      onError: (caught, { id }, context) => {
        for (const [key, data] of context?.shown ?? []) queryClient.setQueryData(key, data);
        const reservation = context?.shown.flatMap(([, data]) => data?.pages.flatMap((page) => page.items) ?? []).find((r) => r.id === id);
        setError(`The reservation${reservation ? ` at ${reservation.lot.name}` : ""} could not be cancelled: ${messageOf(caught)}`);
      },
      onSuccess: (cancelled) => setNotice(`Cancelled the reservation at ${cancelled.lot.name}.`),
      onSettled: () => invalidate(trpc.reservations, trpc.lots),
    }),
  );

  const checkIn = useMutation(
    trpc.sessions.start.mutationOptions({
      onMutate: () => {
        setError(null);
        setNotice(null);
      },
      onSuccess: (session) => {
        void invalidate(trpc.reservations, trpc.sessions, trpc.lots);
        navigate("/sessions", { state: { notice: `Checked in at ${session.lot.name}, spot ${session.spot.label}.` } });
      },
      onError: (caught) => setError(messageOf(caught)),
    }),
  );
  const busy = cancellation.isPending ? cancellation.variables.id : checkIn.isPending ? checkIn.variables.reservationId : null;

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
              {items.map((r) => {
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
                        <button
                          type="button"
                          className="button button-small"
                          disabled={busy === r.id}
                          onClick={() => checkIn.mutate({ lotId: r.lot.id, vehicleId: r.vehicle.id, reservationId: r.id })}
                        >
                          Check in
                        </button>
                      ) : null}
                      {cancellable ? (
                        <button
                          type="button"
                          className="button button-quiet button-small"
                          disabled={busy === r.id}
                          onClick={() => cancellation.mutate({ id: r.id })}
                        >
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
