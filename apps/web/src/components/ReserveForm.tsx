import { fieldErrors } from "@park/sdk";
import { useInvalidate, useTRPC } from "@park/sdk/react";
import { useQuery } from "@tanstack/react-query";
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
  const trpc = useTRPC();
  const invalidate = useInvalidate();

  const startsAt = fromLocalInput(start);
  const endsAt = fromLocalInput(end);
  const localErrors = windowErrors(startsAt, endsAt);
  const windowOk = Object.keys(localErrors).length === 0;
  const key = `${start}|${end}`;

  // The window is quoted once typing pauses; each window's quote is kept, so going back to one is instant.
  const asked = useSettled(key, quoteDelayMs);
  const [askedStart, askedEnd] = asked.split("|").map(fromLocalInput);
  const quote = useQuery({
    ...trpc.reservations.quote.queryOptions({ lotId: lot.id, startsAt: askedStart ?? new Date(0), endsAt: askedEnd ?? new Date(0) }),
    enabled: Boolean(askedStart && askedEnd && askedEnd > askedStart),
  });

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
    void invalidate(trpc.reservations, trpc.lots, trpc.spots);
    navigate("/reservations", { state: { notice: `Reserved spot ${reservation.spot.label} at ${reservation.lot.name}.` } });
  });
  const submitErrors = submit.errors;

  // Errors from the last attempt belong to the window it was made with.
  const onWindow = (set: (value: string) => void, value: string) => {
    set(value);
    submit.clear();
  };

  // A quote shows for the window on screen only, never the previous one's.
  const current = windowOk && asked === key && !quote.isFetching ? quote : null;
  const quoteErrors: Errors = current?.isError ? fieldErrors(current.error) : {};
  const errorsFor = (field: "startsAt" | "endsAt") => inWords(localErrors[field] ?? quoteErrors[field] ?? submitErrors[field]);

  if (!vehicles.data && vehicles.isError) return <LoadError error={vehicles.error} retry={() => void vehicles.refetch()} />;
  const addVehicle = `/vehicles?next=${encodeURIComponent(`/lots/${lot.id}`)}`;

  if (vehicles.data && vehicleChoice.list.length === 0) {
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
          {!windowOk ? "—" : current?.data ? formatMoney(current.data.amountCents, current.data.currency) : current?.isError ? "—" : "Calculating…"}
        </output>
        {windowOk && startsAt && endsAt ? <span className="muted">for {formatDuration(endsAt.getTime() - startsAt.getTime())}</span> : null}
      </div>
      {current?.isError && !Object.keys(quoteErrors).length ? <FormError message={messageOf(current.error)} /> : null}
      <FormError message={submit.message} />
      <button type="submit" className="button" disabled={submit.busy || vehicles.isPending}>
        {submit.busy ? "Reserving…" : "Reserve"}
      </button>
    </form>
  );
}

/** `value` once it has stayed the same for `delayMs`. */
function useSettled<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}
