import type { RouterInputs } from "@park/sdk";
import type { Lot } from "../api.ts";
import type { Errors } from "../lib/formErrors.ts";
import { moneyInput, parseMoney } from "../lib/money.ts";
import { Field } from "./Field.tsx";

type LotInput = RouterInputs["lots"]["create"];
export type LotFieldValues = Omit<LotInput, "capacity" | "layout">;

/** Names and prices of a lot, shared by the create and edit forms; inputs are named as the API's fields. */
export function LotFields({ lot, errors }: { lot?: Lot; errors: Errors }) {
  const currency = lot?.currency ?? "USD";
  return (
    <>
      <fieldset className="fieldset">
        <legend>Place</legend>
        <Field label="Name" name="name" required defaultValue={lot?.name} errors={errors.name} />
        <Field label="Address" name="address" required defaultValue={lot?.address} errors={errors.address} />
        <Field label="City" name="city" required defaultValue={lot?.city} errors={errors.city} />
        <div className="field-pair">
          <Field label="Latitude" name="lat" inputMode="decimal" defaultValue={lot?.location?.lat} errors={errors.lat} />
          <Field label="Longitude" name="lng" inputMode="decimal" defaultValue={lot?.location?.lng} errors={errors.lng} />
        </div>
        <Field label="Time zone" name="timezone" defaultValue={lot?.timezone} hint="An IANA name such as Europe/Lisbon." errors={errors.timezone} />
        <Field
          label="Amenities"
          name="amenities"
          defaultValue={lot?.amenities.join(", ")}
          hint="Comma-separated, e.g. covered, ev_charging, cctv."
          errors={errors.amenities}
        />
      </fieldset>
      <fieldset className="fieldset">
        <legend>Pricing</legend>
        <div className="field-pair">
          <Field
            label="Currency"
            name="currency"
            defaultValue={lot?.currency}
            maxLength={3}
            hint="ISO code, e.g. EUR or USD; left empty, the currency of the time zone's country."
            errors={errors.currency}
          />
          <Field
            label="Hourly rate"
            name="hourlyRateCents"
            required
            inputMode="decimal"
            defaultValue={lot ? moneyInput(lot.hourlyRateCents, currency) : undefined}
            hint="In the currency's units, e.g. 2.50."
            errors={errors.hourlyRateCents}
          />
          <Field
            label="Daily maximum"
            name="dailyMaxCents"
            inputMode="decimal"
            defaultValue={lot?.dailyMaxCents != null ? moneyInput(lot.dailyMaxCents, currency) : undefined}
            hint="Leave empty for no cap."
            errors={errors.dailyMaxCents}
          />
        </div>
        <div className="field-pair">
          <Field
            label="Grace period (minutes)"
            name="graceMinutes"
            type="number"
            min={0}
            max={240}
            defaultValue={lot?.graceMinutes ?? 10}
            errors={errors.graceMinutes}
          />
          <Field
            label="Billing increment (minutes)"
            name="billingIncrementMinutes"
            type="number"
            min={1}
            max={1440}
            defaultValue={lot?.billingIncrementMinutes ?? 60}
            errors={errors.billingIncrementMinutes}
          />
        </div>
      </fieldset>
    </>
  );
}

const text = (form: FormData, name: string) => String(form.get(name) ?? "").trim();

/**
 * Reads the lot fields of a submitted form into API input. Money is parsed
 * from its decimal text straight into minor units.
 */
export function readLotFields(form: FormData, { editing }: { editing: boolean }): { values: LotFieldValues; errors: Errors } {
  const errors: Errors = {};
  const chosen = text(form, "currency").toUpperCase();
  // Amounts are read in the chosen currency's minor units; with none chosen yet, in cents.
  const currency = chosen || "USD";
  const money = (name: string, required: boolean): number | null | undefined => {
    const raw = text(form, name);
    if (!raw) {
      if (required) errors[name] = ["Required"];
      return null;
    }
    const cents = parseMoney(raw, currency);
    if (cents === null) errors[name] = ["Enter an amount such as 2.50"];
    return cents;
  };
  const whole = (name: string): number | undefined => {
    const raw = text(form, name);
    if (!raw) return undefined;
    if (!/^\d+$/.test(raw)) {
      errors[name] = ["Enter a whole number"];
      return undefined;
    }
    return Number(raw);
  };
  const coordinate = (name: string): number | undefined => {
    const raw = text(form, name);
    if (!raw) return undefined;
    const value = Number(raw);
    if (!Number.isFinite(value)) errors[name] = ["Enter a number such as 38.7071"];
    return Number.isFinite(value) ? value : undefined;
  };

  const hourlyRateCents = money("hourlyRateCents", true);
  const dailyMaxCents = money("dailyMaxCents", false);
  const graceMinutes = whole("graceMinutes");
  const billingIncrementMinutes = whole("billingIncrementMinutes");
  const lat = coordinate("lat");
  const lng = coordinate("lng");
  const timezone = text(form, "timezone");
  const amenities = text(form, "amenities")
    .split(",")
    .map((tag) => tag.trim())
    .filter(Boolean);

  const values: LotFieldValues = {
    name: text(form, "name"),
    address: text(form, "address"),
    city: text(form, "city"),
    hourlyRateCents: hourlyRateCents ?? 0,
    ...(chosen ? { currency: chosen } : {}),
    amenities,
    ...(lat !== undefined ? { lat } : {}),
    ...(lng !== undefined ? { lng } : {}),
    ...(timezone ? { timezone } : {}),
    // Editing: an emptied field removes the cap; creating: an empty field sets none.
    ...(dailyMaxCents != null ? { dailyMaxCents } : editing ? { dailyMaxCents: null } : {}),
    ...(graceMinutes !== undefined ? { graceMinutes } : {}),
    ...(billingIncrementMinutes !== undefined ? { billingIncrementMinutes } : {}),
  };
  return { values, errors };
}

/** A lot's number of spots; what changing it does differs between creating and editing. */
export function CapacityField({ defaultValue, hint, errors }: { defaultValue?: number; hint: string; errors: string[] | undefined }) {
  return <Field label="Capacity" name="capacity" type="number" min={1} max={5000} required defaultValue={defaultValue} hint={hint} errors={errors} />;
}

/** The submitted capacity, or undefined with the problem added to `errors`. */
export function readCapacity(form: FormData, errors: Errors): number | undefined {
  const raw = text(form, "capacity");
  if (/^\d+$/.test(raw)) return Number(raw);
  errors.capacity = ["Enter a whole number of spots"];
  return undefined;
}
