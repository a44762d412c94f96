import type { ReactNode } from "react";

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  className?: string;
}

/** A plain, scrollable table with column headers scoped for screen readers. */
export function DataTable<T>({ columns, rows, rowKey, className, rowClassName }: { columns: (Column<T> | false | null)[]; rows: readonly T[]; rowKey: (row: T) => string | number; className?: string; rowClassName?: (row: T) => string | undefined }) {
  const shown = columns.filter((c): c is Column<T> => !!c);
  return (
    <div className="table-wrap">
      <table className={className}>
        <thead>
          <tr>
            {shown.map((c) => (
              <th scope="col" key={c.header}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} className={rowClassName?.(row)}>
              {shown.map((c) => (
                <td key={c.header} className={c.className}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
