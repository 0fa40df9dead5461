import { fill } from '../ui-strings.ts';
import type { StreamAnalysis } from './analysis.ts';
import type { PlaygroundStrings } from './playground-strings.ts';
import { GridTable } from './GridTable.tsx';
import { useGrowingCount } from './use-growing-count.ts';
import { VisibleText } from './VisibleText.tsx';

/** The events the stream dispatches, as a page's listeners would receive them. */
export function EventsTable({ analysis, strings, format }: { analysis: StreamAnalysis; strings: PlaygroundStrings; format: (n: number) => string }) {
  const { events, eventTotal } = analysis;
  const rendered = useGrowingCount(events.length);
  const note = eventTotal > events.length ? fill(strings['playground.showing'], { shown: format(events.length), total: format(eventTotal) }) : undefined;
  return (
    <GridTable
      variant="events"
      caption={strings['playground.events.caption']}
      columns={[
        strings['playground.events.col.index'],
        strings['playground.events.col.type'],
        strings['playground.events.col.data'],
        strings['playground.events.col.id'],
      ]}
      note={note}
    >
      {events.length === 0 && (
        <tr role="row">
          <td role="cell" class="pg-empty">
            {strings['playground.events.empty']}
          </td>
        </tr>
      )}
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
    </GridTable>
  );
}
