import type { ComponentChildren } from 'preact';

export interface Column {
  /** Names the column: its header cell gets the class `pg-col--<key>`. */
  key: string;
  label: string;
}

interface ResultTableProps {
  /** `trace`, `events` or `compare`: the table's column template and narrow layout in playground.css. */
  variant: 'trace' | 'events' | 'compare';
  caption: string;
  columns: readonly Column[];
  /** "Showing the first N of M", when the rows are a cut of a longer list. */
  note?: string | undefined;
  /** Shown across the whole width instead of rows, when there are none. */
  empty?: string | undefined;
  /** The body rows: `<tr>` with one `<td>` per column. */
  children?: ComponentChildren;
}

/**
 * The frame of the playground's result tables (trace, events, comparison).
 * Every row, the header row included, is laid out on one column template
 * per table (playground.css), so each header cell is as wide as its column
 * at every width; rows are grids rather than table rows so that the ones off
 * screen cost no layout. A changed `display` drops a table's semantics in
 * some browsers, hence the explicit roles.
 */
export function ResultTable({ variant, caption, columns, note, empty, children }: ResultTableProps) {
  return (
    <>
      {note !== undefined && <p class="pg-note">{note}</p>}
      <table role="table" class={`pg-table pg-table--${variant}`}>
        <caption>{caption}</caption>
        <thead role="rowgroup">
          <tr role="row">
            {columns.map(({ key, label }) => (
              <th key={key} role="columnheader" scope="col" class={`pg-col--${key}`}>
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody role="rowgroup">
          {empty !== undefined ? (
            <tr role="row">
              <td role="cell" class="pg-empty" colSpan={columns.length}>
                {empty}
              </td>
            </tr>
          ) : (
            children
          )}
        </tbody>
      </table>
    </>
  );
}
