import type { ComponentChildren } from 'preact';

interface GridTableProps {
  /** `trace`, `events` or `compare`: picks the row grid in playground.css. */
  variant: string;
  caption: string;
  columns: readonly string[];
  /** "Showing the first N of M", when the rows are a cut of a longer list. */
  note?: string | undefined;
  /** The body rows: `<tr role="row">` with `<td role="cell">` cells. */
  children: ComponentChildren;
}

/**
 * The frame of the playground's long tables. Their rows are laid out as CSS
 * grids (playground.css), so that rows out of view skip layout; a table whose
 * display changes can lose its table semantics, hence the explicit roles.
 */
export function GridTable({ variant, caption, columns, note, children }: GridTableProps) {
  return (
    <>
      {note !== undefined && <p class="pg-note">{note}</p>}
      <table role="table" class={`pg-table pg-table--${variant}`}>
        <caption>{caption}</caption>
        <thead role="rowgroup">
          <tr role="row">
            {columns.map((column) => (
              <th key={column} role="columnheader" scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody role="rowgroup">{children}</tbody>
      </table>
    </>
  );
}
