import { fill } from '../ui-strings.ts';
import type { StreamAnalysis } from './analysis.ts';
import type { PlaygroundStrings } from './playground-strings.ts';
import { useGrowingCount } from './use-growing-count.ts';
import { VisibleText } from './VisibleText.tsx';

/** The events the stream dispatches, as a page's listeners would receive them. */
export function EventsTable({ analysis, strings, format }: { analysis: StreamAnalysis; strings: PlaygroundStrings; format: (n: number) => string }) {
  const { events, eventTotal } = analysis;
  const rendered = useGrowingCount(events.length);
  return (
    <>
      {eventTotal > events.length && (
        <p class="pg-note">{fill(strings['playground.showing'], { shown: format(events.length), total: format(eventTotal) })}</p>
      )}
      {/* Explicit roles: the rows are laid out as CSS grids (playground.css), and a table whose display changes can lose its table semantics. */}
      <table role="table" class="pg-table pg-table--events">
        <caption>{strings['playground.events.caption']}</caption>
        <thead role="rowgroup">
          <tr role="row">
            <th role="columnheader" scope="col">{strings['playground.events.col.index']}</th>
            <th role="columnheader" scope="col">{strings['playground.events.col.type']}</th>
            <th role="columnheader" scope="col">{strings['playground.events.col.data']}</th>
            <th role="columnheader" scope="col">{strings['playground.events.col.id']}</th>
          </tr>
        </thead>
        <tbody role="rowgroup">
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
        </tbody>
      </table>
    </>
  );
}
