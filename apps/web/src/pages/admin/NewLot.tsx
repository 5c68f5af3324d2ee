import { useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { api } from "../../api.ts";
import { FormError } from "../../components/Field.tsx";
import { LayoutEditor, newLevel, readLayout, type LevelDraft } from "../../components/LayoutEditor.tsx";
import { CapacityField, LotFields, readCapacity, readLotFields } from "../../components/LotFields.tsx";
import { correctTheFields, submitFailure, type Errors } from "../../lib/formErrors.ts";

type SpotsMode = "layout" | "capacity";

export function NewLot() {
  const navigate = useNavigate();
  const [mode, setMode] = useState<SpotsMode>("layout");
  const [levels, setLevels] = useState<LevelDraft[]>(() => [newLevel(0)]);
  const [errors, setErrors] = useState<Errors>({});
  const [problems, setProblems] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const { values, errors: fieldProblems } = readLotFields(form, { editing: false });
    const layout = mode === "layout" ? readLayout(levels) : null;
    const capacity = mode === "capacity" ? readCapacity(form, fieldProblems) : undefined;
    setError(null);
    setErrors(fieldProblems);
    setProblems(layout?.problems ?? []);
    if (Object.keys(fieldProblems).length || layout?.problems.length) {
      setError(correctTheFields);
      return;
    }
    setBusy(true);
    try {
      const lot = await api.lots.create.mutate({
        ...values,
        ...(layout?.layout ? { layout: layout.layout } : { capacity }),
      });
      navigate(`/lots/${lot.id}`, { state: { notice: `Created ${lot.name} with ${lot.capacity} spots.` } });
    } catch (caught) {
      const failure = submitFailure(caught);
      setErrors(failure.errors);
      if (failure.errors.layout) setProblems(failure.errors.layout);
      setError(failure.message);
      setBusy(false);
    }
  };

  return (
    <div className="stack">
      <header className="page-header">
        <h1>New lot</h1>
        <p className="muted">Describe the lot, price it, and lay out its levels, rows and spots.</p>
      </header>
      <form onSubmit={onSubmit} noValidate className="card wide-form">
        <LotFields errors={errors} />
        <fieldset className="fieldset">
          <legend>Spots</legend>
          <div className="radio-group" role="radiogroup" aria-label="How to define the spots">
            <label>
              <input type="radio" name="mode" value="layout" checked={mode === "layout"} onChange={() => setMode("layout")} /> Levels and rows
            </label>
            <label>
              <input type="radio" name="mode" value="capacity" checked={mode === "capacity"} onChange={() => setMode("capacity")} /> Just a capacity
            </label>
          </div>
          {mode === "layout" ? (
            <>
              <LayoutEditor levels={levels} onChange={setLevels} />
              {problems.length ? (
                <ul className="field-error problem-list">
                  {problems.map((problem) => (
                    <li key={problem}>{problem}</li>
                  ))}
                </ul>
              ) : null}
            </>
          ) : (
            <CapacityField hint="One level with one row of spots numbered 1 to n." errors={errors.capacity} />
          )}
        </fieldset>
        <FormError message={error} />
        <button type="submit" className="button" disabled={busy}>
          {busy ? "Creating…" : "Create lot"}
        </button>
      </form>
    </div>
  );
}
