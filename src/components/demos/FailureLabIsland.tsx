import { useRef, useState } from 'preact/hooks';
import type { UiStrings } from '../ui-strings.ts';
import { DemoFrame } from './DemoFrame.tsx';
import { LabChart } from './LabChart.tsx';
import type { DemoStringKey } from './demo-strings.ts';
import { emptyTimeline, labModes, type LabMode, type LabPoint, type LabTimeline } from './lab-timeline.ts';
import { isRunning, useEventSource, type ConnectionState, type EventSourceHandle, type LogEntry } from './use-event-source.ts';

interface Props {
  /** The labs live at `${base}/<mode>`: `/api/sse/lab`. */
  base: string;
  strings: UiStrings<DemoStringKey<'lab'>>;
}

/**
 * One lab stream: records each event with its arrival time, measured from
 * the moment the reader pressed Run (`runStartedAt`), and closes on `done`
 * (else the browser would reconnect and run the lab again).
 *
 * Why from Run and not from the stream's `open`: the server counts its send
 * times from the moment it started the response, which is after the browser
 * sent the request, so an arrival counted from before the request can never
 * come out earlier than its send time. The browser's `open` event, by
 * contrast, is dispatched as a task once the headers are in, and while the
 * page is busy (three streams starting, a render) it runs late: arrivals
 * counted from it came out earlier than they were sent.
 *
 * The arrival time is taken the moment the event is dispatched, and the
 * page is updated a task later, once for all events that came together.
 * Updating on every event would re-render between two events of the same
 * burst (Preact renders in a microtask, which runs after each listener), and
 * the render time would spread a burst out over the chart.
 */
function useLabStream(
  mode: LabMode,
  strings: UiStrings<DemoStringKey<'lab'>>,
  runStartedAt: { readonly current: number },
  onPoint: (mode: LabMode, point: LabPoint) => void,
): EventSourceHandle {
  const arrivedRef = useRef<Array<{ event: MessageEvent<string>; at: number }>>([]);
  const handle = useEventSource({
    strings,
    listen(source, record) {
      const flush = (): void => {
        for (const { event, at } of arrivedRef.current.splice(0)) {
          record(event, mode);
          if (event.type === 'done') {
            handle.stop(strings['demo.lab.finished']);
            continue;
          }
          const { i, sentMs } = JSON.parse(event.data) as { i: number; sentMs: number };
          onPoint(mode, { i, sentMs, arrivedMs: at - runStartedAt.current });
        }
      };
      const arrived = (event: MessageEvent<string>): void => {
        if (arrivedRef.current.push({ event, at: performance.now() }) === 1) setTimeout(flush, 0);
      };
      source.addEventListener('message', arrived);
      source.addEventListener('done', arrived);
    },
  });
  return handle;
}

/** One state for three streams: the liveliest of them. */
function combinedState(states: ConnectionState[]): ConnectionState {
  for (const state of ['OPEN', 'CONNECTING', 'CLOSED'] as const) if (states.includes(state)) return state;
  return 'idle';
}

/**
 * Live demo of the failure labs: one click runs the same twelve events
 * through three streams at once (direct, through a simulated proxy buffer,
 * gzip without flushing) and plots when each event was sent against when it
 * arrived, so the proxy buffer's batches (4 KiB each, then the rest) and gzip's single burst
 * at the end show at a glance.
 */
export default function FailureLabIsland({ base, strings }: Props) {
  const [timeline, setTimeline] = useState<LabTimeline>(emptyTimeline);
  const [view, setView] = useState<'chart' | 'table'>('chart');
  const runStartedAt = useRef(0);
  const addPoint = (mode: LabMode, point: LabPoint): void =>
    setTimeline((current) => ({ ...current, [mode]: [...current[mode], point] }));
  const streams: Record<LabMode, EventSourceHandle> = {
    direct: useLabStream('direct', strings, runStartedAt, addPoint),
    'proxy-buffer': useLabStream('proxy-buffer', strings, runStartedAt, addPoint),
    gzip: useLabStream('gzip', strings, runStartedAt, addPoint),
  };
  const state = combinedState(labModes.map((mode) => streams[mode].state));
  const running = isRunning(state);

  function run(): void {
    if (running) return;
    setTimeline(emptyTimeline());
    runStartedAt.current = performance.now();
    for (const mode of labModes) streams[mode].start(`${base}/${mode}`);
  }

  // All three logs in one, in order of arrival; every line says which stream it is from.
  const log: LogEntry[] = labModes
    .flatMap((mode, index) =>
      streams[mode].log.map((entry) => ({
        ...entry,
        key: index * 1_000_000 + entry.key,
        data: entry.kind === 'note' ? `${strings[`demo.lab.mode.${mode}`]}: ${entry.data}` : entry.data,
      })),
    )
    .sort((a, b) => a.sinceStartMs - b.sinceStartMs);
  const failure = labModes.map((mode) => streams[mode].failure).find((found) => found !== null) ?? null;

  return (
    <DemoFrame
      name="lab"
      strings={strings}
      // The three streams carry the same text; only when it reaches the page differs.
      stream={{ state, failure, log, wire: streams.direct.wire }}
      // Each stream's own state: three run, and they end at different moments.
      notice={state === 'idle' ? undefined : labModes.map((mode) => `${strings[`demo.lab.mode.${mode}`]}: ${streams[mode].state}`).join(' · ')}
      wireNote={strings['demo.lab.wire.note']}
      tagLabel={(tag) => strings[`demo.lab.mode.${tag as LabMode}`]}
      controls={
        <>
          <button type="button" class="sse-demo__button" onClick={run} aria-disabled={running}>
            {running ? strings['demo.lab.running'] : strings['demo.lab.run']}
          </button>
          <div class="sse-lab__views" role="group" aria-label={strings['demo.lab.view']}>
            {(['chart', 'table'] as const).map((option) => (
              <button
                key={option}
                type="button"
                class="sse-lab__view"
                aria-pressed={view === option}
                onClick={() => setView(option)}
              >
                {strings[`demo.lab.view.${option}`]}
              </button>
            ))}
          </div>
        </>
      }
    >
      <LabChart timeline={timeline} strings={strings} view={view} running={running} />
    </DemoFrame>
  );
}
