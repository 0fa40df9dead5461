import { fill } from '../../ui-strings.ts';
import { useGrowingCount } from '../hooks/use-growing-count.ts';
import type { StreamAnalysis } from '../model/analysis.ts';
import type { PlaygroundStrings } from '../playground-strings.ts';
import { ResultTable } from './ResultTable.tsx';
import { VisibleText } from './VisibleText.tsx';

/** The events the stream dispatches, as a page's listeners would receive them. */
export function EventsTable({ analysis, strings, format }: { analysis: StreamAnalysis; strings: PlaygroundStrings; format: (n: number) => string }) {
  const { events, eventTotal } = analysis;
  const rendered = useGrowingCount(events.length);
  const note = eventTotal > events.length ? fill(strings['playground.showing'], { shown: format(events.length), total: format(eventTotal) }) : undefined;
  return (
    <ResultTable
      variant="events"
      caption={strings['playground.events.caption']}
      columns={[
        { key: 'index', label: strings['playground.events.col.index'] },
        { key: 'type', label: strings['playground.events.col.type'] },
        { key: 'data', label: strings['playground.events.col.data'] },
        { key: 'id', label: strings['playground.events.col.id'] },
      ]}
      note={note}
      empty={events.length === 0 ? strings['playground.events.empty'] : undefined}
    >
      {events.slice(0, rendered).map((event, index) => (
        <tr role="row" key={index} data-event-type={event.type}>
          <td role="cell" class="pg-num">{index + 1}</td>
          <td role="cell" class="pg-mono">
            <VisibleText text={event.type} />
          </td>
          <td role="cell" class="pg-mono pg-data">
            <VisibleText text={event.data} breakLines />
          </td>
          <td role="cell" class="pg-mono">
            <VisibleText text={event.lastEventId} />
          </td>
        </tr>
      ))}
    </ResultTable>
  );
}
