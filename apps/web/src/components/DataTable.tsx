import type { ReactNode } from "react";

interface DataTableProps {
  columns: readonly string[];
  /** Adds a last column for per-row buttons; its heading is for screen readers only. */
  actions?: boolean;
  /** The body's rows. */
  children: ReactNode;
}

/** A table with column headings that scrolls sideways on narrow screens. */
export function DataTable({ columns, actions = false, children }: DataTableProps) {
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
            {actions ? (
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
