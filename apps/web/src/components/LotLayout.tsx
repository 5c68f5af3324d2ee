import { useId } from "react";
import { api, type Lot, type SpotKind } from "../api.ts";
import { correctTheFields } from "../lib/formErrors.ts";
import { spotKindLabel, spotKinds } from "../lib/labels.ts";
import { Refusal, useSubmit } from "../lib/useSubmit.ts";
import { DataTable } from "./DataTable.tsx";
import { Field, FormError, SelectField } from "./Field.tsx";

interface LotLayoutProps {
  lot: Lot;
  /** Called when a form is sent, so an older notice does not linger. */
  onEdit: () => void;
  onSaved: (message: string) => void;
}

const maxSpotsPerRow = 500;
const kindOptions = spotKinds.map((kind) => ({ value: kind, label: spotKindLabel[kind] }));

/** The lot's levels and rows, and the forms that add a level, a row or a single spot. */
export function LotLayout({ lot, onEdit, onSaved }: LotLayoutProps) {
  const headingId = useId();
  return (
    <>
      <section className="card" aria-labelledby={headingId}>
        <h2 id={headingId}>Layout</h2>
        {lot.levels.length === 0 ? (
          <p className="muted">No levels yet.</p>
        ) : (
          <DataTable columns={["Level / row", "Spots", "Free now"]}>
            {lot.levels.flatMap((level) => [
              <tr key={level.id} className="row-level">
                <th scope="row">Level {level.name}</th>
                <td>{level.capacity}</td>
                <td>{level.available}</td>
              </tr>,
              ...level.rows.map((row) => (
                <tr key={row.id}>
                  <th scope="row" className="row-indent">
                    Row {row.name}
                  </th>
                  <td>{row.capacity}</td>
                  <td>{row.available}</td>
                </tr>
              )),
            ])}
          </DataTable>
        )}
      </section>
      <div className="layout-forms">
        <AddLevel lot={lot} onEdit={onEdit} onSaved={onSaved} />
        <AddRow lot={lot} onEdit={onEdit} onSaved={onSaved} />
        <AddSpot lot={lot} onEdit={onEdit} onSaved={onSaved} />
      </div>
    </>
  );
}

function AddLevel({ lot, onEdit, onSaved }: LotLayoutProps) {
  const headingId = useId();
  const { onSubmit, busy, errors, message } = useSubmit(async (form, element) => {
    onEdit();
    const level = await api.levels.create.mutate({ lotId: lot.id, name: String(form.get("name")).trim() });
    element.reset();
    onSaved(`Added level ${level.name}.`);
  });
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>Add a level</h2>
      <form onSubmit={onSubmit} noValidate>
        <Field label="Level name" name="name" required autoComplete="off" errors={errors.name} />
        <FormError message={message} />
        <button type="submit" className="button" disabled={busy}>
          {busy ? "Adding…" : "Add level"}
        </button>
      </form>
    </section>
  );
}

function AddRow({ lot, onEdit, onSaved }: LotLayoutProps) {
  const headingId = useId();
  const { onSubmit, busy, errors, message } = useSubmit(async (form, element) => {
    onEdit();
    const spotsText = String(form.get("spots")).trim();
    const spots = /^\d+$/.test(spotsText) && Number(spotsText) <= maxSpotsPerRow ? Number(spotsText) : null;
    if (spots === null) throw new Refusal(correctTheFields, { spots: [`Must be a whole number from 0 to ${maxSpotsPerRow}.`] });
    const levelId = String(form.get("levelId"));
    const row = await api.rows.create.mutate({ levelId, name: String(form.get("name")).trim(), spots, kind: String(form.get("kind")) as SpotKind });
    element.reset();
    const level = lot.levels.find((l) => l.id === levelId);
    onSaved(`Added row ${row.name} to level ${level?.name ?? ""} with ${row.capacity} ${row.capacity === 1 ? "spot" : "spots"}.`);
  });
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>Add a row</h2>
      {lot.levels.length === 0 ? (
        <p className="muted">Add a level first.</p>
      ) : (
        <form onSubmit={onSubmit} noValidate>
          <SelectField
            label="Level"
            name="levelId"
            required
            options={lot.levels.map((level) => ({ value: level.id, label: level.name }))}
            errors={errors.levelId}
          />
          <Field label="Row name" name="name" required autoComplete="off" errors={errors.name} />
          <Field label="Spots" name="spots" type="number" min={0} max={maxSpotsPerRow} required defaultValue="10" errors={errors.spots} />
          <SelectField label="Kind" name="kind" required defaultValue="standard" options={kindOptions} errors={errors.kind} />
          <FormError message={message} />
          <button type="submit" className="button" disabled={busy}>
            {busy ? "Adding…" : "Add row"}
          </button>
        </form>
      )}
    </section>
  );
}

function AddSpot({ lot, onEdit, onSaved }: LotLayoutProps) {
  const headingId = useId();
  const rows = lot.levels.flatMap((level) => level.rows.map((row) => ({ value: row.id, label: `Level ${level.name}, row ${row.name}` })));
  const { onSubmit, busy, errors, message } = useSubmit(async (form, element) => {
    onEdit();
    const rowId = String(form.get("rowId"));
    const spot = await api.spots.create.mutate({ rowId, label: String(form.get("label")).trim(), kind: String(form.get("kind")) as SpotKind });
    element.reset();
    const where = rows.find((row) => row.value === rowId)?.label ?? "";
    onSaved(`Added spot ${spot.label} to ${where.charAt(0).toLowerCase()}${where.slice(1)}.`);
  });
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>Add a spot</h2>
      {rows.length === 0 ? (
        <p className="muted">Add a row first.</p>
      ) : (
        <form onSubmit={onSubmit} noValidate>
          <SelectField label="Row" name="rowId" required options={rows} errors={errors.rowId} />
          <Field
            label="Spot label"
            name="label"
            required
            autoComplete="off"
            hint="Letters, digits, '_', '.' or '-'; unique in its row."
            errors={errors.label}
          />
          <SelectField label="Kind" name="kind" required defaultValue="standard" options={kindOptions} errors={errors.kind} />
          <FormError message={message} />
          <button type="submit" className="button" disabled={busy}>
            {busy ? "Adding…" : "Add spot"}
          </button>
        </form>
      )}
    </section>
  );
}
