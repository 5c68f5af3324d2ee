import { allPages, api } from "../api.ts";
import { useQuery } from "../lib/useQuery.ts";
import { SelectField } from "./Field.tsx";
import { LoadError } from "./Loading.tsx";

const loadLots = () => allPages((page) => api.lots.list.query(page));

interface LotSelectProps {
  value: string;
  onChange: (lotId: string) => void;
  errors?: string[] | undefined;
  /** Offers "every lot" under this label as the empty choice, which makes a lot optional. */
  anyLabel?: string;
}

/** A drop-down of every lot, by name and city. */
export function LotSelect({ value, onChange, errors, anyLabel }: LotSelectProps) {
  const lots = useQuery(loadLots);
  if (lots.status === "error") return <LoadError error={lots.error} retry={lots.reload} />;
  const options = [
    { value: "", label: lots.status === "loading" ? "Loading lots…" : (anyLabel ?? "Choose a lot") },
    ...(lots.status === "success" ? lots.data.map((lot) => ({ value: lot.id, label: `${lot.name} (${lot.city})` })) : []),
  ];
  return (
    <SelectField
      label="Lot"
      name="lotId"
      required={anyLabel === undefined}
      hideOptional
      options={options}
      value={value}
      disabled={lots.status === "loading"}
      onChange={(event) => onChange(event.target.value)}
      errors={errors}
    />
  );
}
