import { useInvalidate, useTRPC } from "@park/sdk/react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { api, type Lot } from "../../api.ts";
import { FormError, Notice } from "../../components/Field.tsx";
import { LoadError, Loading } from "../../components/Loading.tsx";
import { CapacityField, LotFields, readCapacity, readLotFields } from "../../components/LotFields.tsx";
import { LotLayout } from "../../components/LotLayout.tsx";
import { correctTheFields } from "../../lib/formErrors.ts";
import { Refusal, useSubmit } from "../../lib/useSubmit.ts";

export function EditLot() {
  const { id = "" } = useParams();
  const trpc = useTRPC();
  const invalidate = useInvalidate();
  const lot = useQuery(trpc.lots.byId.queryOptions({ id }));
  const [notice, setNotice] = useState<string | null>(null);
  if (!lot.data) return lot.isError ? <LoadError error={lot.error} retry={() => void lot.refetch()} /> : <Loading what="Loading the lot…" />;
  const onSaved = (message: string) => {
    setNotice(message);
    void invalidate(trpc.lots, trpc.levels, trpc.rows, trpc.spots);
  };
  return (
    <div className="stack">
      <header className="page-header">
        <h1>Edit {lot.data.name}</h1>
        <p className="actions">
          <Link to={`/lots/${lot.data.id}`}>View lot</Link>
          <Link to={`/admin/occupancy?lot=${lot.data.id}`}>Occupancy board</Link>
          <Link to="/admin/lots">All lots</Link>
        </p>
      </header>
      <Notice message={notice} />
      {/* Keyed by the saved lot, so the form's defaults follow what the server holds. */}
      <EditLotForm key={`${lot.data.id}:${lot.data.capacity}`} lot={lot.data} onEdit={() => setNotice(null)} onSaved={onSaved} />
      <LotLayout lot={lot.data} onEdit={() => setNotice(null)} onSaved={onSaved} />
    </div>
  );
}

interface EditLotFormProps {
  lot: Lot;
  onEdit: () => void;
  onSaved: (message: string) => void;
}

function EditLotForm({ lot, onEdit, onSaved }: EditLotFormProps) {
  const { onSubmit, busy, errors, message } = useSubmit(async (form) => {
    const { values, errors: fieldProblems } = readLotFields(form, { editing: true });
    const capacity = readCapacity(form, fieldProblems);
    onEdit();
    if (Object.keys(fieldProblems).length) throw new Refusal(correctTheFields, fieldProblems);
    const saved = await api.lots.update.mutate({ id: lot.id, ...values, ...(capacity !== lot.capacity ? { capacity } : {}) });
    onSaved(`Saved. ${saved.name} has ${saved.capacity} spots.`);
  });

  return (
    <form onSubmit={onSubmit} noValidate className="card wide-form">
      <LotFields lot={lot} errors={errors} />
      <fieldset className="fieldset">
        <legend>Size</legend>
        <CapacityField
          defaultValue={lot.capacity}
          hint="Growing adds spots to the last row; shrinking removes the last spots, never ones in use or booked."
          errors={errors.capacity}
        />
      </fieldset>
      <FormError message={message} />
      <button type="submit" className="button" disabled={busy}>
        {busy ? "Saving…" : "Save changes"}
      </button>
    </form>
  );
}
