import { api, type PaymentMethod, type Session } from "../api.ts";
import { paymentMethodLabel, paymentMethods, paymentStatusLabel } from "../lib/labels.ts";
import { formatMoney } from "../lib/money.ts";
import { formatDateTime, formatDuration } from "../lib/time.ts";
import { useSubmit } from "../lib/useSubmit.ts";
import { Facts } from "./Facts.tsx";
import { FormError, SelectField } from "./Field.tsx";
import { StatusBadge } from "./StatusBadge.tsx";

/** A finished session: what it cost, and a way to pay while it is unpaid. */
export function Receipt({ session, place, onPaid }: { session: Session; place?: string | undefined; onPaid: (session: Session) => void }) {
  const ended = session.endedAt ?? new Date();
  const pay = useSubmit(async (form) => onPaid(await api.sessions.pay.mutate({ id: session.id, method: String(form.get("method")) as PaymentMethod })));

  return (
    <section className="card receipt" aria-labelledby={`receipt-${session.id}`}>
      <h2 id={`receipt-${session.id}`}>Receipt</h2>
      <Facts
        items={[
          ["Lot", session.lot.name],
          ["Spot", place ?? session.spot.label],
          ["Plate", session.plate],
          ["From", formatDateTime(session.startedAt)],
          ["To", formatDateTime(ended)],
          ["Duration", formatDuration(ended.getTime() - session.startedAt.getTime())],
          ["Amount", session.amountCents === null ? "—" : formatMoney(session.amountCents, session.currency)],
          ["Payment", <StatusBadge key="payment" status={session.paymentStatus} label={paymentStatusLabel[session.paymentStatus]} />],
        ]}
      />
      {session.paymentStatus === "waived" ? <p className="muted">No charge: you left within the grace period.</p> : null}
      {session.paymentStatus === "unpaid" ? (
        <form onSubmit={pay.onSubmit} className="inline-form pay-form">
          <SelectField
            label="Payment method"
            name="method"
            required
            defaultValue="card"
            options={paymentMethods.map((m) => ({ value: m, label: paymentMethodLabel[m] }))}
          />
          <button type="submit" className="button" disabled={pay.busy}>
            {pay.busy ? "Paying…" : `Pay ${session.amountCents === null ? "" : formatMoney(session.amountCents, session.currency)}`.trim()}
          </button>
          <FormError message={pay.message} />
        </form>
      ) : null}
    </section>
  );
}
