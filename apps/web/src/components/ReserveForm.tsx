import { fieldErrors } from "@park/sdk";
import { useEffect, useId, useState } from "react";
import { Link, useNavigate } from "react-router";
import { api, messageOf, type Lot, type SpotKind } from "../api.ts";
import { correctTheFields, type Errors } from "../lib/formErrors.ts";
import { spotKindLabel, spotKinds } from "../lib/labels.ts";
import { formatMoney } from "../lib/money.ts";
import { formatDuration, fromLocalInput, nextHour, toLocalInput } from "../lib/time.ts";
import { Field, FormError, SelectField } from "./Field.tsx";
import { LoadError } from "./Loading.tsx";
import { useVehicleChoice, VehicleSelect } from "./VehicleSelect.tsx";
import { Refusal, useSubmit } from "../lib/useSubmit.ts";

type Quote = { key: string } & ({ status: "ready"; amountCents: number; currency: string } | { status: "failed"; errors: Errors; message: string });

const quoteDelayMs = 250;

// Server messages name the input fields; people know them as Start and End.
const inWords = (messages: string[] | undefined) => messages?.map((m) => m.replace(/\bstartsAt\b/g, "the start").replace(/\bendsAt\b/g, "the end"));

/** Checks a window can be sent at all; the server judges the rest. */
function windowErrors(start: Date | null, end: Date | null): Errors {
  const errors: Errors = {};
  if (!start) errors.startsAt = ["Pick a start date and time."];
  if (!end) errors.endsAt = ["Pick an end date and time."];
  if (start && end && end <= start) errors.endsAt = ["The end must be after the start."];
  return errors;
}

export function ReserveForm({ lot }: { lot: Lot }) {
  const navigate = useNavigate();
  const vehicleChoice = useVehicleChoice();
  const { vehicles } = vehicleChoice;
  const quoteId = useId();
  const [start, setStart] = useState(() => toLocalInput(nextHour()));
  const [end, setEnd] = useState(() => toLocalInput(new Date(nextHour().getTime() + 2 * 3_600_000)));
  const [kind, setKind] = useState<SpotKind | "">("");
  const [quote, setQuote] = useState<Quote | null>(null);

  const startsAt = fromLocalInput(start);
  const endsAt = fromLocalInput(end);
  const localErrors = windowErrors(startsAt, endsAt);
  const windowOk = Object.keys(localErrors).length === 0;
  const key = `${start}|${end}`;

  useEffect(() => {
    const from = fromLocalInput(start);
    const to = fromLocalInput(end);
    if (!from || !to || to <= from) return;
    let live = true;
    const asked = `${start}|${end}`;
    const timer = setTimeout(() => {
      api.reservations.quote.query({ lotId: lot.id, startsAt: from, endsAt: to }).then(
        (result) => live && setQuote({ key: asked, status: "ready", ...result }),
        (caught: unknown) => live && setQuote({ key: asked, status: "failed", errors: fieldErrors(caught), message: messageOf(caught) }),
      );
    }, quoteDelayMs);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [lot.id, start, end]);

  const submit = useSubmit(async () => {
    if (!startsAt || !endsAt || !windowOk) throw new Refusal(correctTheFields);
    if (!vehicleChoice.vehicleId) throw new Refusal("Add a vehicle first.");
    const reservation = await api.reservations.create.mutate({
      lotId: lot.id,
      vehicleId: vehicleChoice.vehicleId,
      startsAt,
      endsAt,
      ...(kind ? { spotKind: kind } : {}),
    });
    navigate("/reservations", { state: { notice: `Reserved spot ${reservation.spot.label} at ${reservation.lot.name}.` } });
  });
  const submitErrors = submit.errors;

  // Errors from the last attempt belong to the window it was made with.
  const onWindow = (set: (value: string) => void, value: string) => {
    set(value);
    submit.clear();
  };

  const currentQuote = windowOk && quote?.key === key ? quote : null;
  const quoteErrors = currentQuote?.status === "failed" ? currentQuote.errors : {};
  const errorsFor = (field: "startsAt" | "endsAt") => inWords(localErrors[field] ?? quoteErrors[field] ?? submitErrors[field]);

  if (vehicles.status === "error") return <LoadError error={vehicles.error} retry={vehicles.reload} />;
  const addVehicle = `/vehicles?next=${encodeURIComponent(`/lots/${lot.id}`)}`;

  if (vehicles.status === "success" && vehicleChoice.list.length === 0) {
    return (
      <p>
        You have no vehicle yet. <Link to={addVehicle}>Add a vehicle</Link> to reserve.
      </p>
    );
  }

  return (
    <form onSubmit={submit.onSubmit} noValidate className="reserve-form">
      <VehicleSelect choice={vehicleChoice} errors={submitErrors.vehicleId} hint={<Link to={addVehicle}>Add a vehicle</Link>} />
      <div className="field-pair">
        <Field
          label="Start"
          name="startsAt"
          type="datetime-local"
          required
          value={start}
          onChange={(e) => onWindow(setStart, e.target.value)}
          errors={errorsFor("startsAt")}
        />
        <Field
          label="End"
          name="endsAt"
          type="datetime-local"
          required
          value={end}
          onChange={(e) => onWindow(setEnd, e.target.value)}
          errors={errorsFor("endsAt")}
        />
      </div>
      <p className="hint">
        Times are in your device's time zone ({Intl.DateTimeFormat().resolvedOptions().timeZone}); the lot keeps {lot.timezone} time.
      </p>
      <SelectField
        label="Spot kind"
        name="spotKind"
        value={kind}
        onChange={(event) => setKind(event.target.value as SpotKind | "")}
        options={[{ value: "", label: "Any suitable spot" }, ...spotKinds.map((k) => ({ value: k, label: spotKindLabel[k] }))]}
      />
      <div className="quote">
        <label htmlFor={quoteId}>Quote</label>
        <output id={quoteId} aria-live="polite">
          {!windowOk
            ? "—"
            : currentQuote?.status === "ready"
              ? formatMoney(currentQuote.amountCents, currentQuote.currency)
              : currentQuote
                ? "—"
                : "Calculating…"}
        </output>
        {windowOk && startsAt && endsAt ? <span className="muted">for {formatDuration(endsAt.getTime() - startsAt.getTime())}</span> : null}
      </div>
      {currentQuote?.status === "failed" && !Object.keys(currentQuote.errors).length ? <FormError message={currentQuote.message} /> : null}
      <FormError message={submit.message} />
      <button type="submit" className="button" disabled={submit.busy || vehicles.status === "loading"}>
        {submit.busy ? "Reserving…" : "Reserve"}
      </button>
    </form>
  );
}
