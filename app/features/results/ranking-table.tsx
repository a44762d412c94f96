import { flexRender, getCoreRowModel, useReactTable, type ColumnDef, type Updater, type VisibilityState } from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef, useState } from "react";

export interface SortState {
  id: string;
  desc: boolean;
}

const ROW_HEIGHT = 34;

/** Column visibility kept in localStorage under `key`: read after hydration, written on every change. */
function useStoredVisibility(key: string): [VisibilityState, (update: Updater<VisibilityState>) => void] {
  const [visibility, setVisibility] = useState<VisibilityState>({});
  useEffect(() => {
    try {
      const stored = JSON.parse(window.localStorage.getItem(key) ?? "{}") as unknown;
      if (stored && typeof stored === "object" && Object.values(stored).every((v) => typeof v === "boolean")) setVisibility(stored as VisibilityState);
    } catch {
      // A damaged entry is ignored: every column shows.
    }
  }, [key]);
  const update = (change: Updater<VisibilityState>) =>
    setVisibility((old) => {
      const next = typeof change === "function" ? change(old) : change;
      try {
        window.localStorage.setItem(key, JSON.stringify(next));
      } catch {
        // Storage full or disabled: the choice lasts for this page only.
      }
      return next;
    });
  return [visibility, update];
}

/**
 * The ranking table: @tanstack/react-table for columns and visibility; sorting and filtering are
 * done by the caller (the same code the exports use), the header buttons only ask for a sort.
 * Rows are virtualised, so 20,401 towns render as the few dozen rows in view; the header sticks.
 */
export function RankingTable<T>({
  rows,
  columns,
  sort,
  onSort,
  rowKey,
  labels,
  storageKey,
}: {
  /** Where the reader's choice of columns is remembered in this browser (it survives a reload). */
  storageKey: string;
  rows: T[];
  columns: ColumnDef<T>[];
  sort: SortState | null;
  onSort: (sort: SortState) => void;
  rowKey: (row: T) => string;
  labels: { columns: string; sortAscending: string; sortDescending: string; rows: (n: number) => string };
}) {
  const [visibility, setVisibility] = useStoredVisibility(storageKey);
  const table = useReactTable({
    data: rows,
    columns,
    state: { columnVisibility: visibility },
    onColumnVisibilityChange: setVisibility,
    getCoreRowModel: getCoreRowModel(),
    getRowId: rowKey,
    manualSorting: true,
    manualFiltering: true,
  });
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 6, initialRect: { width: 1200, height: 600 } });
  const items = virtualizer.getVirtualItems();
  const tableRows = table.getRowModel().rows;
  const before = items.length ? items[0]!.start : 0;
  const after = items.length ? virtualizer.getTotalSize() - items[items.length - 1]!.end : 0;
  const visibleCount = table.getVisibleLeafColumns().length;

  return (
    <div>
      <details className="column-chooser">
        <summary>{labels.columns}</summary>
        <fieldset>
          <legend className="visually-hidden">{labels.columns}</legend>
          {table.getAllLeafColumns().map((column) => (
            <label key={column.id} className="check">
              <input type="checkbox" checked={column.getIsVisible()} disabled={!column.getCanHide()} onChange={column.getToggleVisibilityHandler()} />{" "}
              {String(column.columnDef.header)}
            </label>
          ))}
        </fieldset>
      </details>
      <p className="muted" aria-live="polite">
        {labels.rows(rows.length)}
      </p>
      <div ref={scroller} className="table-wrap ranking-scroll" tabIndex={0} role="region" aria-label={labels.rows(rows.length)}>
        <table className="ranking" aria-rowcount={rows.length + 1}>
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const active = sort?.id === header.column.id;
                  const sortable = header.column.columnDef.enableSorting !== false;
                  return (
                    <th key={header.id} scope="col" aria-sort={active ? (sort!.desc ? "descending" : "ascending") : "none"}>
                      {sortable ? (
                        <button
                          type="button"
                          className="sort"
                          onClick={() => onSort({ id: header.column.id, desc: active ? !sort!.desc : false })}
                          title={active && !sort!.desc ? labels.sortDescending : labels.sortAscending}
                        >
                          {flexRender(header.column.columnDef.header, header.getContext())}
                          <span aria-hidden="true">{active ? (sort!.desc ? " ▼" : " ▲") : " ↕"}</span>
                        </button>
                      ) : (
                        flexRender(header.column.columnDef.header, header.getContext())
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {before > 0 && (
              <tr aria-hidden="true">
                <td colSpan={visibleCount} style={{ height: before, padding: 0, border: 0 }} />
              </tr>
            )}
            {items.map((item) => {
              const row = tableRows[item.index]!;
              return (
                <tr key={row.id} aria-rowindex={item.index + 2} style={{ height: ROW_HEIGHT }}>
                  {row.getVisibleCells().map((cell) => (
                    <td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>
                  ))}
                </tr>
              );
            })}
            {after > 0 && (
              <tr aria-hidden="true">
                <td colSpan={visibleCount} style={{ height: after, padding: 0, border: 0 }} />
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
