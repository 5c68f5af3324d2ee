import type { SpotKind } from "../api.ts";
import { spotKindLabel, spotKinds } from "../lib/labels.ts";
import { Field, SelectField } from "./Field.tsx";

export interface RowDraft {
  key: number;
  name: string;
  spots: string;
  kind: SpotKind;
}

export interface LevelDraft {
  key: number;
  name: string;
  rows: RowDraft[];
}

export interface LayoutInput {
  levels: { name: string; rows: { name: string; spots: number; kind: SpotKind }[] }[];
}

let nextKey = 1;
const newKey = () => nextKey++;

// Rows are named A, B, C… in the order they are added, like painted bay letters.
const rowName = (index: number) => String.fromCharCode(65 + (index % 26)) + (index >= 26 ? String(Math.floor(index / 26)) : "");

export function newRow(index: number): RowDraft {
  return { key: newKey(), name: rowName(index), spots: "10", kind: "standard" };
}

export function newLevel(index: number): LevelDraft {
  return { key: newKey(), name: `Level ${index + 1}`, rows: [newRow(0)] };
}

const maxSpotsPerRow = 500;

function spotCount(text: string): number | null {
  if (!/^\d+$/.test(text.trim())) return null;
  const n = Number(text);
  return n >= 1 && n <= maxSpotsPerRow ? n : null;
}

/** The layout as the API takes it, or the problems that stop it. */
export function readLayout(levels: LevelDraft[]): { layout: LayoutInput | null; problems: string[] } {
  const problems: string[] = [];
  levels.forEach((level, l) => {
    if (!level.name.trim()) problems.push(`Level ${l + 1} needs a name.`);
    level.rows.forEach((row, r) => {
      if (!row.name.trim()) problems.push(`Level ${l + 1}, row ${r + 1} needs a name.`);
      if (spotCount(row.spots) === null) problems.push(`Level ${l + 1}, row ${r + 1}: spots must be a whole number from 1 to ${maxSpotsPerRow}.`);
    });
  });
  if (problems.length) return { layout: null, problems };
  return {
    layout: {
      levels: levels.map((level) => ({
        name: level.name.trim(),
        rows: level.rows.map((row) => ({ name: row.name.trim(), spots: spotCount(row.spots) ?? 0, kind: row.kind })),
      })),
    },
    problems,
  };
}

export function totalSpots(levels: LevelDraft[]): number {
  return levels.reduce((sum, level) => sum + level.rows.reduce((n, row) => n + (spotCount(row.spots) ?? 0), 0), 0);
}

/** Levels of rows of spots, edited in place: names, spot counts and the kind of every row. */
export function LayoutEditor({ levels, onChange }: { levels: LevelDraft[]; onChange: (levels: LevelDraft[]) => void }) {
  const setLevel = (key: number, change: (level: LevelDraft) => LevelDraft) => onChange(levels.map((level) => (level.key === key ? change(level) : level)));
  const setRow = (levelKey: number, rowKey: number, change: Partial<RowDraft>) =>
    setLevel(levelKey, (level) => ({ ...level, rows: level.rows.map((row) => (row.key === rowKey ? { ...row, ...change } : row)) }));

  const rowCount = levels.reduce((n, level) => n + level.rows.length, 0);
  return (
    <div className="layout-editor">
      {levels.map((level, l) => (
        <fieldset key={level.key} className="layout-level">
          <legend>Level {l + 1}</legend>
          <div className="layout-level-head">
            <Field
              label="Level name"
              name={`level-${l}-name`}
              required
              value={level.name}
              onChange={(e) => setLevel(level.key, (lv) => ({ ...lv, name: e.target.value }))}
            />
            <button
              type="button"
              className="button button-quiet button-small"
              disabled={levels.length === 1}
              onClick={() => onChange(levels.filter((other) => other.key !== level.key))}
            >
              Remove level
            </button>
          </div>
          {level.rows.map((row, r) => (
            <fieldset key={row.key} className="layout-row">
              <legend>Row {r + 1}</legend>
              <Field
                label="Row name"
                name={`level-${l}-row-${r}-name`}
                required
                value={row.name}
                onChange={(e) => setRow(level.key, row.key, { name: e.target.value })}
              />
              <Field
                label="Spots"
                name={`level-${l}-row-${r}-spots`}
                type="number"
                min={1}
                max={maxSpotsPerRow}
                required
                value={row.spots}
                aria-invalid={spotCount(row.spots) === null ? true : undefined}
                onChange={(e) => setRow(level.key, row.key, { spots: e.target.value })}
              />
              <SelectField
                label="Kind"
                name={`level-${l}-row-${r}-kind`}
                required
                value={row.kind}
                options={spotKinds.map((kind) => ({ value: kind, label: spotKindLabel[kind] }))}
                onChange={(e) => setRow(level.key, row.key, { kind: e.target.value as SpotKind })}
              />
              <button
                type="button"
                className="button button-quiet button-small"
                disabled={level.rows.length === 1}
                onClick={() => setLevel(level.key, (lv) => ({ ...lv, rows: lv.rows.filter((other) => other.key !== row.key) }))}
              >
                Remove row
              </button>
            </fieldset>
          ))}
          <button
            type="button"
            className="button button-quiet button-small"
            onClick={() => setLevel(level.key, (lv) => ({ ...lv, rows: [...lv.rows, newRow(lv.rows.length)] }))}
          >
            Add row
          </button>
        </fieldset>
      ))}
      <div className="layout-footer">
        <button type="button" className="button button-quiet" onClick={() => onChange([...levels, newLevel(levels.length)])}>
          Add level
        </button>
        <p className="layout-total" role="status">
          Total: {totalSpots(levels)} spots on {levels.length} {levels.length === 1 ? "level" : "levels"}, {rowCount} {rowCount === 1 ? "row" : "rows"}
        </p>
      </div>
    </div>
  );
}
