import type { TraceAction } from '../../../lib/sse/parser.ts';
import { fill } from '../../ui-strings.ts';
import { useGrowingCount } from '../hooks/use-growing-count.ts';
import type { StreamAnalysis } from '../model/analysis.ts';
import type { PlaygroundStrings } from '../playground-strings.ts';
import { ResultTable } from './ResultTable.tsx';
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
  const [line, raw, end, field, value, result] = [
    { key: 'line', label: strings['playground.trace.col.line'] },
    { key: 'text', label: strings['playground.trace.col.text'] },
    { key: 'end', label: strings['playground.trace.col.end'] },
    { key: 'field', label: strings['playground.trace.col.field'] },
    { key: 'value', label: strings['playground.trace.col.value'] },
    { key: 'result', label: strings['playground.trace.col.result'] },
  ] as const;
  // data-label: in a narrow panel each row becomes a card, and these cells show their column's name themselves (playground.css).
  return (
    <ResultTable
      variant="trace"
      caption={strings['playground.trace.caption']}
      columns={[line, raw, end, field, value, result]}
      note={note}
      empty={trace.length === 0 ? strings['playground.trace.empty'] : undefined}
    >
      {trace.slice(0, rendered).map((row, index) => (
        <tr role="row" key={index} data-action={row.action} data-kind={rowKind(row.action)}>
          <td role="cell" class="pg-num">{row.lineNumber}</td>
          <td role="cell" class="pg-mono">
            <VisibleText text={row.line} />
          </td>
          <td role="cell" class="pg-mono" data-label={end.label}>
            {row.lineEnd ?? strings['playground.trace.end.none']}
          </td>
          <td role="cell" class="pg-mono" data-label={field.label}>
            {row.field !== null && <VisibleText text={row.field} />}
          </td>
          <td role="cell" class="pg-mono" data-label={value.label}>
            {row.value !== null && <VisibleText text={row.value} />}
          </td>
          <td role="cell">{fill(strings[row.explanation.key], row.explanation.values)}</td>
        </tr>
      ))}
    </ResultTable>
  );
}
