import { useTRPC } from "@park/sdk/react";
import { useQuery } from "@tanstack/react-query";
import { api } from "../api.ts";
import { everyPage } from "../lib/queries.ts";
import { SelectField } from "./Field.tsx";
import { LoadError } from "./Loading.tsx";

interface LotSelectProps {
  value: string;
  onChange: (lotId: string) => void;
  errors?: string[] | undefined;
  /** Offers "every lot" under this label as the empty choice, which makes a lot optional. */
  anyLabel?: string;
}

/** A drop-down of every lot, by name and city. */
export function LotSelect({ value, onChange, errors, anyLabel }: LotSelectProps) {
  const trpc = useTRPC();
  const lots = useQuery(everyPage(trpc.lots.list.queryKey({}), (page) => api.lots.list.query(page)));
  if (!lots.data && lots.isError) return <LoadError error={lots.error} retry={() => void lots.refetch()} />;
  const options = [
    { value: "", label: lots.data ? (anyLabel ?? "Choose a lot") : "Loading lots…" },
    ...(lots.data ?? []).map((lot) => ({ value: lot.id, label: `${lot.name} (${lot.city})` })),
  ];
  return (
    <SelectField
      label="Lot"
      name="lotId"
      required={anyLabel === undefined}
      hideOptional
      options={options}
      value={value}
      disabled={!lots.data}
      onChange={(event) => onChange(event.target.value)}
      errors={errors}
    />
  );
}
