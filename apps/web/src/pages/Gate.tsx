import { useInvalidate, useTRPC } from "@park/sdk/react";
import { useState, type ReactNode } from "react";
import { api, type Session } from "../api.ts";
import { Facts } from "../components/Facts.tsx";
import { Field, FormError } from "../components/Field.tsx";
import { LotSelect } from "../components/LotSelect.tsx";
import { StatusBadge } from "../components/StatusBadge.tsx";
import { paymentStatusLabel } from "../lib/labels.ts";
import { formatMoney } from "../lib/money.ts";
import { placeOf } from "../lib/spotPlaces.ts";
import { formatDateTime, formatDuration } from "../lib/time.ts";
import { correctTheFields } from "../lib/formErrors.ts";
import { Refusal, useSubmit } from "../lib/useSubmit.ts";

export function Gate() {
  const [lotId, setLotId] = useState("");
  const [ticket, setTicket] = useState<{ action: "enter" | "exit"; session: Session } | null>(null);
  const trpc = useTRPC();
  const invalidate = useInvalidate();
  const { onSubmit, busy, errors, message } = useSubmit(async (form) => {
    const action = form.get("action") === "exit" ? "exit" : "enter";
    const plate = String(form.get("plate"));
    if (!lotId) throw new Refusal(correctTheFields, { lotId: ["Choose the lot of this gate."] });
    try {
      const session = action === "enter" ? await api.gate.enter.mutate({ lotId, plate }) : await api.gate.exit.mutate({ lotId, plate });
      setTicket({ action, session });
      void invalidate(trpc.lots, trpc.spots, trpc.sessions);
    } catch (caught) {
      setTicket(null);
      throw caught;
    }
  });

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
          <FormError message={message} />
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
