import { fieldErrors } from "@park/sdk";
import { useState, type FormEvent, type ReactNode } from "react";
import { api, messageOf, type Session } from "../api.ts";
import { Facts } from "../components/Facts.tsx";
import { Field, FormError } from "../components/Field.tsx";
import { LotSelect } from "../components/LotSelect.tsx";
import { StatusBadge } from "../components/StatusBadge.tsx";
import { paymentStatusLabel } from "../lib/labels.ts";
import { formatMoney } from "../lib/money.ts";
import { placeOf } from "../lib/spotPlaces.ts";
import { formatDateTime, formatDuration } from "../lib/time.ts";

type Errors = Record<string, string[] | undefined>;

export function Gate() {
  const [lotId, setLotId] = useState("");
  const [ticket, setTicket] = useState<{ action: "enter" | "exit"; session: Session } | null>(null);
  const [errors, setErrors] = useState<Errors>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const action = submitter?.value === "exit" ? "exit" : "enter";
    const plate = String(new FormData(event.currentTarget).get("plate"));
    setError(null);
    setErrors({});
    if (!lotId) {
      setErrors({ lotId: ["Choose the lot of this gate."] });
      return;
    }
    setBusy(true);
    try {
      const session = action === "enter" ? await api.gate.enter.mutate({ lotId, plate }) : await api.gate.exit.mutate({ lotId, plate });
      setTicket({ action, session });
    } catch (caught) {
      setTicket(null);
      setErrors(fieldErrors(caught));
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="stack">
      <header className="page-header">
        <h1>Gate</h1>
        <p className="muted">Let vehicles in and out by plate. A plate with a reservation here is checked in to it.</p>
      </header>
      <section className="card" aria-label="Gate controls">
        <form onSubmit={onSubmit} noValidate>
          <LotSelect value={lotId} onChange={setLotId} errors={errors.lotId} />
          <Field label="Plate" name="plate" required autoComplete="off" errors={errors.plate} />
          <FormError message={error} />
          <div className="actions">
            <button type="submit" name="action" value="enter" className="button" disabled={busy}>
              Enter
            </button>
            <button type="submit" name="action" value="exit" className="button button-quiet" disabled={busy}>
              Exit
            </button>
          </div>
        </form>
      </section>
      {ticket ? <Ticket action={ticket.action} session={ticket.session} /> : null}
    </div>
  );
}

function Ticket({ action, session }: { action: "enter" | "exit"; session: Session }) {
  return (
    <section className="card receipt" aria-labelledby="gate-ticket">
      <h2 id="gate-ticket">{action === "enter" ? "Ticket issued" : "Exit ticket"}</h2>
      <Facts
        items={[
          ["Status", <StatusBadge key="status" status={session.status} />],
          ["Plate", session.plate],
          ["Lot", session.lot.name],
          ["Spot", placeOf(session.spot)],
          ["Entered", formatDateTime(session.startedAt)],
          ...(session.endedAt
            ? ([
                ["Left", formatDateTime(session.endedAt)],
                ["Duration", formatDuration(session.endedAt.getTime() - session.startedAt.getTime())],
                ["Amount", session.amountCents === null ? "—" : formatMoney(session.amountCents, session.currency)],
                ["Payment", <StatusBadge key="payment" status={session.paymentStatus} label={paymentStatusLabel[session.paymentStatus]} />],
              ] as [string, ReactNode][])
            : []),
          ...(session.reservationId ? ([["Reservation", "checked in"]] as [string, ReactNode][]) : []),
        ]}
      />
    </section>
  );
}
