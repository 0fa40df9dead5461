import type { TimelineEntry } from '../../lib/doctor/types.ts';
import type { Lang } from '../../lib/doctor/wording.ts';
import { formatSeconds } from '../demos/event-log.ts';
import { fill, type UiStrings } from '../ui-strings.ts';
import type { DoctorPageStringKey } from './doctor-strings.ts';

interface Props {
  timeline: readonly TimelineEntry[];
  strings: UiStrings<DoctorPageStringKey>;
  lang: Lang;
}

// The plot's own coordinate system; the SVG scales to the box it is given. Room on the left for counts such as 800K.
const WIDTH = 400;
const HEIGHT = 220;
const LEFT = 46;
const RIGHT = 10;
const TOP = 10;
const BOTTOM = 34;
const PLOT_WIDTH = WIDTH - LEFT - RIGHT;
const PLOT_HEIGHT = HEIGHT - TOP - BOTTOM;

/** A tick step that gives at most about eight ticks: 1, 2, 5, 10, 20, 50… */
function niceStep(max: number): number {
  const rough = max / 8;
  const power = 10 ** Math.floor(Math.log10(Math.max(rough, 1)));
  return ([1, 2, 5, 10].map((factor) => factor * power).find((step) => step >= rough) ?? 10 * power);
}

const seconds = (ms: number): string => formatSeconds(ms, 2);

/**
 * A stream at the byte cap can hold a hundred thousand events: the chart
 * draws at most this many of them (evenly spaced, each at its own count),
 * the table lists the first ones, so the page stays responsive.
 */
const MAX_POINTS = 1000;
const MAX_ROWS = 500;

/** Events numbered by arrival, thinned to at most `limit` evenly spaced ones. */
function sample<T>(items: readonly T[], limit: number): Array<{ item: T; n: number }> {
  const step = Math.max(1, Math.ceil(items.length / limit));
  return items.flatMap((item, index) => (index % step === 0 || index === items.length - 1 ? [{ item, n: index + 1 }] : []));
}

/**
 * The arrival timeline, after the failure lab's chart: across, time since the
 * request; up, the events counted as they arrived. A steady stream climbs in
 * even steps; a buffer shows as long flat stretches and then a jump (many
 * events in one chunk). When the stream carries send times (a probe script or
 * a failure lab), each event also has a hollow square where it was sent, and
 * the line from it to the dot is the event's delay. Heartbeat comments are
 * ticks on the time axis. The same numbers are in a table below.
 */
export function ArrivalChart({ timeline, strings, lang }: Props) {
  const events = timeline.filter((entry) => entry.kind === 'event');
  const comments = timeline.filter((entry) => entry.kind === 'comment');
  const hasSent = events.some((entry) => entry.sentAtMs !== undefined);
  // A loop, not Math.max(...spread): a spread of 100,000 values overflows the stack.
  let latestMs = 1000;
  for (const entry of timeline) latestMs = Math.max(latestMs, entry.atMs, entry.sentAtMs ?? 0);
  const lastArrivalMs = events.at(-1)?.atMs ?? 0;
  const points = sample(events, MAX_POINTS);
  const xStepS = niceStep(Math.ceil(latestMs / 1000));
  const maxMs = Math.ceil(latestMs / 1000 / xStepS) * xStepS * 1000;
  // 800K rather than 800000: the axis has room for four characters.
  const count = new Intl.NumberFormat(lang, { notation: 'compact' });
  const yStep = niceStep(events.length);
  const maxCount = Math.max(yStep, Math.ceil(events.length / yStep) * yStep);
  const x = (ms: number): number => LEFT + (Math.max(0, ms) / maxMs) * PLOT_WIDTH;
  const y = (count: number): number => TOP + PLOT_HEIGHT - (count / maxCount) * PLOT_HEIGHT;
  const xTicks = Array.from({ length: maxMs / 1000 / xStepS + 1 }, (_, i) => i * xStepS);
  const yTicks = Array.from({ length: maxCount / yStep + 1 }, (_, i) => i * yStep);

  return (
    <div class="sse-doctor__timeline">
      <figure class="sse-doctor__figure">
        <svg
          class="sse-lab__chart sse-doctor__chart"
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          role="img"
          aria-label={
            events.length === 0
              ? strings['doctor.page.chart.empty']
              : fill(strings['doctor.page.chart.label'], { count: events.length, seconds: seconds(lastArrivalMs) })
          }
          data-events={events.length}
        >
          {xTicks.map((tick) => (
            <g key={`x${tick}`} class="sse-lab__grid">
              <line x1={x(tick * 1000)} y1={TOP} x2={x(tick * 1000)} y2={TOP + PLOT_HEIGHT} />
              <text class="sse-lab__tick" x={x(tick * 1000)} y={TOP + PLOT_HEIGHT + 13} text-anchor="middle">
                {tick}
              </text>
            </g>
          ))}
          {yTicks.map((tick) => (
            <g key={`y${tick}`} class="sse-lab__grid">
              <line x1={LEFT} y1={y(tick)} x2={LEFT + PLOT_WIDTH} y2={y(tick)} />
              <text class="sse-lab__tick" x={LEFT - 6} y={y(tick) + 4} text-anchor="end">
                {count.format(tick)}
              </text>
            </g>
          ))}
          <text class="sse-lab__axis-title" x={LEFT + PLOT_WIDTH / 2} y={HEIGHT - 4} text-anchor="middle">
            {strings['doctor.page.axis.time']}
          </text>
          <text class="sse-lab__axis-title" transform={`translate(9 ${TOP + PLOT_HEIGHT / 2}) rotate(-90)`} text-anchor="middle">
            {strings['doctor.page.axis.events']}
          </text>
          {sample(comments, MAX_POINTS).map(({ item: entry, n }) => (
            <line key={`c${n}`} class="sse-doctor__comment" x1={x(entry.atMs)} y1={TOP + PLOT_HEIGHT} x2={x(entry.atMs)} y2={TOP + PLOT_HEIGHT - 6} />
          ))}
          {points.map(({ item: entry, n }) =>
            entry.sentAtMs === undefined ? null : (
              <g key={`s${n}`}>
                <line class="sse-doctor__delay" x1={x(entry.sentAtMs)} y1={y(n)} x2={x(entry.atMs)} y2={y(n)} />
                <rect class="sse-doctor__sent" x={x(entry.sentAtMs) - 3} y={y(n) - 3} width={6} height={6} />
              </g>
            ),
          )}
          {points.map(({ item: entry, n }) => (
            <circle key={`a${n}`} class="sse-doctor__arrived" cx={x(entry.atMs)} cy={y(n)} r={3} />
          ))}
        </svg>
        <figcaption>
          <ul class="sse-doctor__legend">
            <li>
              <svg viewBox="-5 -5 10 10" width="12" height="12" aria-hidden="true">
                <circle class="sse-doctor__arrived" r={3} />
              </svg>
              {strings['doctor.page.legend.arrived']}
            </li>
            {hasSent && (
              <li>
                <svg viewBox="-5 -5 10 10" width="12" height="12" aria-hidden="true">
                  <rect class="sse-doctor__sent" x={-3} y={-3} width={6} height={6} />
                </svg>
                {strings['doctor.page.legend.sent']}
              </li>
            )}
            {comments.length > 0 && (
              <li>
                <svg viewBox="0 0 10 10" width="12" height="12" aria-hidden="true">
                  <line class="sse-doctor__comment" x1={5} y1={10} x2={5} y2={2} />
                </svg>
                {strings['doctor.page.legend.comment']}
              </li>
            )}
          </ul>
        </figcaption>
      </figure>
      {events.length > 0 && (
        <details class="sse-doctor__table-details">
          <summary>{strings['doctor.page.table.show']}</summary>
          <div class="sse-doctor__table-box" tabIndex={0}>
            <table class="sse-lab__table sse-doctor__table">
              <caption>{strings['doctor.page.table.caption']}</caption>
              <thead>
                <tr>
                  <th scope="col">{strings['doctor.page.table.event']}</th>
                  <th scope="col">{strings['doctor.page.table.type']}</th>
                  <th scope="col">{strings['doctor.page.table.bytes']}</th>
                  {hasSent && <th scope="col">{strings['doctor.page.table.sent']}</th>}
                  <th scope="col">{strings['doctor.page.table.arrived']}</th>
                </tr>
              </thead>
              <tbody>
                {events.slice(0, MAX_ROWS).map((entry, index) => (
                  <tr key={index}>
                    <th scope="row">{index + 1}</th>
                    <td>{entry.type ?? 'message'}</td>
                    <td>{entry.bytes}</td>
                    {hasSent && <td>{entry.sentAtMs === undefined ? '–' : seconds(entry.sentAtMs)}</td>}
                    <td>{seconds(entry.atMs)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {events.length > MAX_ROWS && <p class="sse-doctor__hint">{fill(strings['doctor.page.table.truncated'], { shown: MAX_ROWS, count: events.length })}</p>}
        </details>
      )}
    </div>
  );
}
