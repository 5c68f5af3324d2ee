import { useInvalidate, useTRPC } from "@park/sdk/react";
import { useState } from "react";
import { useNavigate } from "react-router";
import { api } from "../../api.ts";
import { FormError } from "../../components/Field.tsx";
import { LayoutEditor, newLevel, readLayout, type LevelDraft } from "../../components/LayoutEditor.tsx";
import { CapacityField, LotFields, readCapacity, readLotFields } from "../../components/LotFields.tsx";
import { correctTheFields } from "../../lib/formErrors.ts";
import { Refusal, useSubmit } from "../../lib/useSubmit.ts";

type SpotsMode = "layout" | "capacity";

export function NewLot() {
  const navigate = useNavigate();
  const [mode, setMode] = useState<SpotsMode>("layout");
  const [levels, setLevels] = useState<LevelDraft[]>(() => [newLevel(0)]);
  const trpc = useTRPC();
  const invalidate = useInvalidate();
  const { onSubmit, busy, errors, message } = useSubmit(async (form) => {
    const { values, errors: fieldProblems } = readLotFields(form, { editing: false });
    const layout = mode === "layout" ? readLayout(levels) : null;
    const capacity = mode === "capacity" ? readCapacity(form, fieldProblems) : undefined;
    if (Object.keys(fieldProblems).length || layout?.problems.length) {
      throw new Refusal(correctTheFields, { ...fieldProblems, ...(layout?.problems.length ? { layout: layout.problems } : {}) });
    }
    const lot = await api.lots.create.mutate({
      ...values,
      ...(layout?.layout ? { layout: layout.layout } : { capacity }),
    });
    void invalidate(trpc.lots);
    navigate(`/lots/${lot.id}`, { state: { notice: `Created ${lot.name} with ${lot.capacity} spots.` } });
  });
  const problems = errors.layout ?? [];

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
        <FormError message={message} />
        <button type="submit" className="button" disabled={busy}>
          {busy ? "Creating…" : "Create lot"}
        </button>
      </form>
    </div>
  );
}
