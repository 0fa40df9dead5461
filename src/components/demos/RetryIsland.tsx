import { useRef, useState } from 'preact/hooks';
import { fill, type UiStrings } from '../ui-strings.ts';
import { DemoFrame } from './DemoFrame.tsx';
import type { DemoStringKey } from './demo-strings.ts';
import { isRunning, useEventSource } from './use-event-source.ts';

interface Props {
  /** `/api/sse/retry` on the site's own server. */
  endpoint: string;
  strings: UiStrings<DemoStringKey<'retry'>>;
}

const MIN_RETRY = 500;
const MAX_RETRY = 10_000;

/**
 * Retry and stop: the reader picks the `retry:` value, the server ends every
 * response after three events, and the island measures how long the browser
 * waited between the `error` and the next `open`. "Stop for good" asks the
 * server to answer the next reconnect with 204, which turns the state CLOSED.
 */
export default function RetryIsland({ endpoint, strings }: Props) {
  const [retry, setRetry] = useState(2000);
  const [delays, setDelays] = useState<number[]>([]);
  const sessionRef = useRef<string | null>(null);
  const errorAtRef = useRef<number | null>(null);
  const stream = useEventSource({
    strings,
    listen(source, record) {
      source.addEventListener('message', (event) => {
        // The ID is "<session>.<n>": the session names this reader's stream on the server.
        sessionRef.current = event.lastEventId.split('.')[0] ?? null;
        record(event);
      });
    },
    onError() {
      errorAtRef.current = performance.now();
    },
    onOpen() {
      const errorAt = errorAtRef.current;
      if (errorAt === null) return;
      errorAtRef.current = null;
      const waited = Math.round(performance.now() - errorAt);
      setDelays((list) => [...list.slice(-5), waited]);
      stream.note(fill(strings['demo.retry.measured'], { ms: waited, retry }));
    },
  });
  const running = isRunning(stream.state);

  function start(): void {
    sessionRef.current = null;
    errorAtRef.current = null;
    setDelays([]);
    stream.start(`${endpoint}?retry=${retry}`);
  }

  async function stopForGood(): Promise<void> {
    const session = sessionRef.current;
    if (!session || !running) return;
    stream.note(strings['demo.retry.stopping']);
    const response = await fetch(`${endpoint}?stop=${encodeURIComponent(session)}`, { method: 'POST' }).catch(() => null);
    if (!response?.ok) stream.note(fill(strings['demo.retry.stop-failed'], { status: response?.status ?? '–' }));
  }

  return (
    <DemoFrame
      name="retry"
      strings={strings}
      stream={stream}
      controls={
        <>
          <label>
            {strings['demo.retry.retry']}{' '}
            <input
              type="number"
              min={MIN_RETRY}
              max={MAX_RETRY}
              step={500}
              value={retry}
              disabled={running}
              onChange={(event) => {
                const value = Number(event.currentTarget.value) || MIN_RETRY;
                setRetry(Math.min(MAX_RETRY, Math.max(MIN_RETRY, Math.round(value))));
              }}
            />
          </label>
          <button type="button" class="sse-demo__button" onClick={() => (running ? stream.stop() : start())}>
            {running ? strings['demo.retry.close'] : strings['demo.retry.start']}
          </button>
          <button
            type="button"
            class="sse-demo__button sse-demo__button--secondary"
            // aria-disabled rather than disabled: a disabled button would drop keyboard focus once the state turns CLOSED.
            aria-disabled={!running}
            onClick={() => void stopForGood()}
          >
            {strings['demo.retry.stop-for-good']}
          </button>
        </>
      }
    >
      <p class="sse-demo__extra sse-demo__extra--line">
        {strings['demo.retry.delays']}:{' '}
        <span data-delays>{delays.length === 0 ? strings['demo.retry.delays.none'] : delays.map((ms) => `${ms} ms`).join(' · ')}</span>
      </p>
    </DemoFrame>
  );
}
