import { fill, type UiStrings } from '../ui-strings.ts';
import { formatSeconds } from './event-log.ts';
import type { DemoStringKey } from './demo-strings.ts';
import { arrivalSpreadMs, axisMaxMs, labModes, type LabMode, type LabTimeline } from './lab-timeline.ts';

interface Props {
  timeline: LabTimeline;
  strings: UiStrings<DemoStringKey<'lab'>>;
  /** `chart` shows the plot and keeps the table for screen readers only; `table` shows the table. */
  view: 'chart' | 'table';
  /** Whether a run is under way (a mode without points is then "waiting", not empty). */
  running: boolean;
}

// The plot's own coordinate system; the SVG scales to the box it is given.
const WIDTH = 400;
const HEIGHT = 250;
const LEFT = 34;
const RIGHT = 12;
const TOP = 10;
const BOTTOM = 34;
const PLOT_WIDTH = WIDTH - LEFT - RIGHT;
const PLOT_HEIGHT = HEIGHT - TOP - BOTTOM;

/** A mode's marker: a shape as well as a colour, so the series differ without colour too. */
function Marker({ mode, x, y }: { mode: LabMode; x: number; y: number }) {
  if (mode === 'direct') return <circle class="sse-lab__marker" data-mode={mode} cx={x} cy={y} r={4} />;
  // Drawn hollow and larger, so a gzip triangle at the same place stays visible inside it.
  if (mode === 'proxy-buffer') return <rect class="sse-lab__marker" data-mode={mode} x={x - 5.5} y={y - 5.5} width={11} height={11} />;
  return <polygon class="sse-lab__marker" data-mode={mode} points={`${x},${y - 4} ${x + 3.6},${y + 2.6} ${x - 3.6},${y + 2.6}`} />;
}

function LegendMarker({ mode }: { mode: LabMode }) {
  return (
    <svg class="sse-lab__legend-marker" viewBox="-7 -7 14 14" width="14" height="14" aria-hidden="true">
      <Marker mode={mode} x={0} y={0} />
    </svg>
  );
}

const seconds = (ms: number): string => formatSeconds(ms, 2);

/**
 * The failure lab's timeline: one point per event, across when the server
 * sent it, up when the page received it. On the dashed diagonal an event
 * arrived as it was sent; a flat row is a batch that arrived at once. The same numbers
 * are in a table, which screen readers get instead of the picture.
 */
export function LabChart({ timeline, strings, view, running }: Props) {
  const maxMs = axisMaxMs(timeline);
  const x = (ms: number): number => LEFT + (ms / maxMs) * PLOT_WIDTH;
  const y = (ms: number): number => TOP + PLOT_HEIGHT - (ms / maxMs) * PLOT_HEIGHT;
  const ticks = Array.from({ length: maxMs / 1000 + 1 }, (_, i) => i * 1000);
  const rows = Array.from({ length: Math.max(0, ...labModes.map((mode) => timeline[mode].length)) }, (_, index) => index);

  return (
    <div class="sse-lab__timeline" data-view={view}>
      {view === 'chart' && (
        <svg class="sse-lab__chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} aria-hidden="true" data-axis-max-ms={maxMs}>
          {ticks.map((tick) => (
            <g key={tick} class="sse-lab__grid">
              <line x1={x(tick)} y1={TOP} x2={x(tick)} y2={TOP + PLOT_HEIGHT} />
              <line x1={LEFT} y1={y(tick)} x2={LEFT + PLOT_WIDTH} y2={y(tick)} />
              <text class="sse-lab__tick" x={x(tick)} y={TOP + PLOT_HEIGHT + 13} text-anchor="middle">
                {tick / 1000}
              </text>
              <text class="sse-lab__tick" x={LEFT - 6} y={y(tick) + 4} text-anchor="end">
                {tick / 1000}
              </text>
            </g>
          ))}
          <line class="sse-lab__ideal" x1={x(0)} y1={y(0)} x2={x(maxMs)} y2={y(maxMs)} />
          <text class="sse-lab__axis-title" x={LEFT + PLOT_WIDTH / 2} y={HEIGHT - 4} text-anchor="middle">
            {strings['demo.lab.axis.sent']}
          </text>
          <text class="sse-lab__axis-title" transform={`translate(11 ${TOP + PLOT_HEIGHT / 2}) rotate(-90)`} text-anchor="middle">
            {strings['demo.lab.axis.arrived']}
          </text>
          {labModes.map((mode) => (
            <g key={mode} class="sse-lab__series" data-mode={mode}>
              {timeline[mode].map((point) => (
                <Marker key={point.i} mode={mode} x={x(point.sentMs)} y={y(point.arrivedMs)} />
              ))}
            </g>
          ))}
        </svg>
      )}
      {view === 'chart' && (
        <ul class="sse-lab__legend">
          {labModes.map((mode) => {
            const points = timeline[mode];
            const spread = arrivalSpreadMs(points);
            const label = strings[`demo.lab.mode.${mode}`];
            return (
              <li key={mode} data-mode={mode} data-events={points.length} data-spread-ms={points.length > 0 ? Math.round(spread) : undefined}>
                <LegendMarker mode={mode} />
                {points.length > 0
                  ? fill(strings['demo.lab.spread'], { mode: label, count: points.length, seconds: seconds(spread) })
                  : running
                    ? fill(strings['demo.lab.spread.pending'], { mode: label })
                    : label}
              </li>
            );
          })}
          <li class="sse-lab__legend-ideal">
            <svg class="sse-lab__legend-marker" viewBox="0 0 14 14" width="14" height="14" aria-hidden="true">
              <line class="sse-lab__ideal" x1={0} y1={13} x2={14} y2={1} />
            </svg>
            {strings['demo.lab.ideal']}
          </li>
        </ul>
      )}
      {/* Shown, the caption sits above the box that scrolls, so a narrow screen
          does not cut it with the columns; the table keeps it as its name. */}
      <div class={view === 'table' ? 'sse-lab__table-area' : 'sse-lab__visually-hidden'}>
        {view === 'table' && (
          <p class="sse-lab__table-title" aria-hidden="true">
            {strings['demo.lab.table.caption']}
          </p>
        )}
        <div class={view === 'table' ? 'sse-lab__table-box' : undefined} tabIndex={view === 'table' ? 0 : undefined}>
          <table class="sse-lab__table">
            <caption class={view === 'table' ? 'sse-lab__visually-hidden' : undefined}>{strings['demo.lab.table.caption']}</caption>
          <thead>
            <tr>
              <th scope="col" rowSpan={2}>
                {strings['demo.lab.table.event']}
              </th>
              {labModes.map((mode) => (
                <th key={mode} scope="colgroup" colSpan={2}>
                  {strings[`demo.lab.mode.${mode}`]}
                </th>
              ))}
            </tr>
            <tr>
              {labModes.map((mode) => [
                <th key={`${mode}-sent`} scope="col">
                  {strings['demo.lab.table.sent']}
                </th>,
                <th key={`${mode}-arrived`} scope="col">
                  {strings['demo.lab.table.arrived']}
                </th>,
              ])}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={7}>{strings['demo.lab.table.empty']}</td>
              </tr>
            )}
            {rows.map((index) => (
              <tr key={index}>
                <th scope="row">{index + 1}</th>
                {labModes.map((mode) => {
                  const point = timeline[mode].find((candidate) => candidate.i === index + 1);
                  return [
                    <td key={`${mode}-sent`} data-mode={mode} data-sent-ms={point?.sentMs}>
                      {point ? seconds(point.sentMs) : '–'}
                    </td>,
                    <td key={`${mode}-arrived`} data-mode={mode} data-arrived-ms={point ? Math.round(point.arrivedMs) : undefined}>
                      {point ? seconds(point.arrivedMs) : '–'}
                    </td>,
                  ];
                })}
              </tr>
            ))}
          </tbody>
          </table>
        </div>
      </div>
    </div>
  );
}
