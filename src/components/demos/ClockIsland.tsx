import { useState } from 'preact/hooks';
import type { UiStrings } from '../ui-strings.ts';
import type { DemoStringKey } from './demo-strings.ts';
import { DemoFrame } from './DemoFrame.tsx';
import { isRunning, useEventSource } from './use-event-source.ts';

interface Props {
  /** The clock stream, `/api/sse/clock` on the site's own server. */
  endpoint: string;
  strings: UiStrings<DemoStringKey<'clock'>>;
}

/**
 * Live demo of the clock stream: start it, watch `tick` events arrive once a
 * second, and see the client close its EventSource when `done` arrives (so
 * the browser does not reconnect and restart the clock).
 */
export default function ClockIsland({ endpoint, strings }: Props) {
  const [ticks, setTicks] = useState(5);
  const stream = useEventSource({
    strings,
    listen(source, record) {
      source.addEventListener('tick', (event) => record(event));
      source.addEventListener('done', (event) => {
        record(event);
        stream.stop(strings['demo.clock.finished']);
      });
    },
  });
  const running = isRunning(stream.state);

  return (
    <DemoFrame
      name="clock"
      strings={strings}
      stream={stream}
      controls={
        <>
          <label>
            {strings['demo.clock.ticks']}{' '}
            <input
              type="number"
              min={1}
              max={60}
              value={ticks}
              disabled={running}
              onInput={(event) => setTicks(Math.min(60, Math.max(1, Number(event.currentTarget.value) || 1)))}
            />
          </label>
          <button
            type="button"
            class="sse-demo__button"
            onClick={() => (running ? stream.stop() : stream.start(`${endpoint}?n=${ticks}`))}
          >
            {running ? strings['demo.clock.stop'] : strings['demo.clock.start']}
          </button>
        </>
      }
    />
  );
}
