import { useId, type ReactNode } from "react";

/** Label–value pairs; each value is labelled by its term for assistive tech. */
export function Facts({ items }: { items: [label: string, value: ReactNode][] }) {
  const id = useId();
  return (
    <dl className="facts">
      {items.map(([label, value], index) => (
        <div key={label} className="fact">
          <dt id={`${id}-${index}`}>{label}</dt>
          <dd aria-labelledby={`${id}-${index}`}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
