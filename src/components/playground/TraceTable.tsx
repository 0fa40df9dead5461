import type { TraceAction } from '../../lib/sse/parser.ts';
import { fill } from '../ui-strings.ts';
import type { StreamAnalysis } from './analysis.ts';
import type { PlaygroundStrings } from './playground-strings.ts';
import { useGrowingCount } from './use-growing-count.ts';
import { VisibleText } from './VisibleText.tsx';

/** How a row is marked: what happened to the line, at a glance (the explanation says it in words). */
function rowKind(action: TraceAction): 'dispatch' | 'ignored' | 'normal' {
  if (action === 'dispatched') return 'dispatch';
  if (action.includes('ignored') || action === 'discarded-at-end' || action === 'dispatch-skipped-empty-data') return 'ignored';
  return 'normal';
}

/** Every processed line: its number, raw text, line end, field and value, and what the parser did with it. */
export function TraceTable({ analysis, strings, format }: { analysis: StreamAnalysis; strings: PlaygroundStrings; format: (n: number) => string }) {
  const { trace, traceTotal } = analysis;
  const rendered = useGrowingCount(trace.length);
  return (
    <>
      {traceTotal > trace.length && (
        <p class="pg-note">{fill(strings['playground.showing'], { shown: format(trace.length), total: format(traceTotal) })}</p>
      )}
      {/* Explicit roles: the rows are laid out as CSS grids (playground.css), and a table whose display changes can lose its table semantics. */}
      <table role="table" class="pg-table pg-table--trace">
        <caption>{strings['playground.trace.caption']}</caption>
        <thead role="rowgroup">
          <tr role="row">
            <th role="columnheader" scope="col">{strings['playground.trace.col.line']}</th>
            <th role="columnheader" scope="col">{strings['playground.trace.col.text']}</th>
            <th role="columnheader" scope="col">{strings['playground.trace.col.end']}</th>
            <th role="columnheader" scope="col">{strings['playground.trace.col.field']}</th>
            <th role="columnheader" scope="col">{strings['playground.trace.col.value']}</th>
            <th role="columnheader" scope="col">{strings['playground.trace.col.result']}</th>
          </tr>
        </thead>
        <tbody role="rowgroup">
          {trace.length === 0 && (
            <tr role="row">
              <td role="cell" class="pg-empty">
                {strings['playground.trace.empty']}
              </td>
            </tr>
          )}
          {trace.slice(0, rendered).map((row, index) => (
            <tr role="row" key={index} data-action={row.action} data-kind={rowKind(row.action)}>
              <td role="cell" class="pg-num">{row.lineNumber}</td>
              <td role="cell" class="pg-mono">
                <VisibleText text={row.line} />
              </td>
              <td role="cell" class="pg-mono">{row.lineEnd ?? strings['playground.trace.end.none']}</td>
              <td role="cell" class="pg-mono">{row.field !== null && <VisibleText text={row.field} />}</td>
              <td role="cell" class="pg-mono">{row.value !== null && <VisibleText text={row.value} />}</td>
              <td role="cell">{fill(strings[row.explanation.key], row.explanation.values)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
