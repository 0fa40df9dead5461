import { useRef, useState } from 'preact/hooks';
import { fill, type UiStrings } from '../ui-strings.ts';
import { DemoFrame } from './DemoFrame.tsx';
import type { DemoStringKey } from './demo-strings.ts';
import { isRunning, useEventSource } from './use-event-source.ts';

/** The counter on its own, or behind the duration-cap lab. */
type CounterName = 'counter' | 'duration-cap';

interface Props<N extends CounterName> {
  /** `/api/sse/counter` on the site's own server, or the duration-cap lab in front of it. */
  endpoint: string;
  /** The figure's `data-demo`, and whose caption and explainer it shows (`demo.<name>.*`). */
  name: N;
  /** The counter's strings, with the caption and explainer of `name`. */
  strings: UiStrings<DemoStringKey<'counter'> | `demo.${N}.caption` | `demo.${N}.explainer`>;
}

/**
 * The resumable counter: every event has an `id:`. "Drop connection" asks
 * the server to end this one response; the browser reconnects after the
 * `retry:` time with `Last-Event-ID`, and the server replays what was
 * missed, marked here. "Resume from" opens a new EventSource with
 * `?lastEventId=`, to try an ID too old to replay (a `reset` event) or one
 * that is no ID at all (a 400, after which EventSource gives up).
 */
/**
 * The ID the resume field starts with: one this counter never sent (it would
 * take 30 years of counting to get there), so the server cannot replay from
 * it and answers with a reset, on a fresh server as on one that has counted
 * for days. An old ID only resets once it has left the buffer of 60.
 */
const NEVER_SENT_ID = '999999999';

export default function ResumableCounterIsland<N extends CounterName>({ endpoint, strings, name }: Props<N>) {
  const [resumeId, setResumeId] = useState(NEVER_SENT_ID);
  /** The ID the last "Open with this ID" sent, for the wording of a 400. */
  const sentIdRef = useRef('');
  const tokenRef = useRef<string | null>(null);
  const lastCountRef = useRef<number | null>(null);
  const stream = useEventSource({
    strings,
    listen(source, record) {
      source.addEventListener('connection', (event) => {
        tokenRef.current = (JSON.parse(event.data) as { dropToken: string }).dropToken;
        record(event, 'connection');
      });
      source.addEventListener('message', (event) => {
        const count = JSON.parse(event.data) as { n: number; replayed?: boolean };
        const previous = lastCountRef.current;
        lastCountRef.current = count.n;
        // The whole point of Last-Event-ID: no number is ever missing. Should one be, say so.
        if (previous !== null && count.n !== previous + 1) record(event, 'gap');
        else record(event, count.replayed ? 'replayed' : undefined);
      });
      source.addEventListener('reset', (event) => {
        lastCountRef.current = Number(event.lastEventId);
        record(event, 'reset');
        stream.note(strings['demo.counter.reset-note']);
      });
    },
    onError() {
      tokenRef.current = null;
    },
  });
  const running = isRunning(stream.state);

  function open(url: string): void {
    tokenRef.current = null;
    lastCountRef.current = null;
    stream.start(url);
  }

  async function drop(): Promise<void> {
    const token = tokenRef.current;
    if (!token || stream.state !== 'OPEN') return;
    stream.note(strings['demo.counter.dropping']);
    const response = await fetch(`${endpoint}?drop=${encodeURIComponent(token)}`, { method: 'POST' }).catch(() => null);
    if (!response?.ok) stream.note(fill(strings['demo.counter.drop-failed'], { status: response?.status ?? '–' }));
  }

  const tagLabel = (tag: string): string =>
    ({
      replayed: strings['demo.counter.tag.replayed'],
      reset: strings['demo.counter.tag.reset'],
      gap: strings['demo.counter.tag.gap'],
      connection: strings['demo.counter.tag.connection'],
    })[tag] ?? tag;

  return (
    <DemoFrame
      name={name}
      strings={strings}
      stream={stream}
      tagLabel={tagLabel}
      reasonFor={(status) => (status === 400 ? fill(strings['demo.counter.reason.400'], { id: sentIdRef.current.slice(0, 40) }) : undefined)}
      controls={
        <>
          <button type="button" class="sse-demo__button" onClick={() => (running ? stream.stop() : open(endpoint))}>
            {running ? strings['demo.counter.stop'] : strings['demo.counter.start']}
          </button>
          <button
            type="button"
            class="sse-demo__button sse-demo__button--secondary"
            // aria-disabled rather than disabled: a disabled button would drop keyboard focus the moment it is pressed.
            aria-disabled={stream.state !== 'OPEN'}
            onClick={() => void drop()}
          >
            {strings['demo.counter.drop']}
          </button>
          <span class="sse-demo__group">
            <label>
              {strings['demo.counter.resume-id']}{' '}
              <input type="text" value={resumeId} size={6} spellcheck={false} onInput={(event) => setResumeId(event.currentTarget.value)} />
            </label>
            <button
              type="button"
              class="sse-demo__button sse-demo__button--secondary"
              onClick={() => {
                sentIdRef.current = resumeId;
                open(`${endpoint}?lastEventId=${encodeURIComponent(resumeId)}`);
              }}
            >
              {strings['demo.counter.resume']}
            </button>
          </span>
        </>
      }
    />
  );
}
