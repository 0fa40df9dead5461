import type { TraceAction } from '../../lib/sse/parser.ts';
import { fill } from '../ui-strings.ts';
import type { StreamAnalysis } from './analysis.ts';
import type { PlaygroundStrings } from './playground-strings.ts';
import { GridTable } from './GridTable.tsx';
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
  const note = traceTotal > trace.length ? fill(strings['playground.showing'], { shown: format(trace.length), total: format(traceTotal) }) : undefined;
  return (
    <GridTable
      variant="trace"
      caption={strings['playground.trace.caption']}
      columns={[
        strings['playground.trace.col.line'],
        strings['playground.trace.col.text'],
        strings['playground.trace.col.end'],
        strings['playground.trace.col.field'],
        strings['playground.trace.col.value'],
        strings['playground.trace.col.result'],
      ]}
      note={note}
    >
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
    </GridTable>
  );
}
