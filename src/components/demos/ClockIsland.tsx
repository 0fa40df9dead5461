import { useEffect, useRef, useState } from 'preact/hooks';
import { serializeEvent } from '../../lib/sse/serialize.ts';
import { fill, type UiStrings } from '../ui-strings.ts';
import type { ClockStringKey } from './clock-strings.ts';
import { formatArrival, type ConnectionState } from './event-log.ts';

interface Props {
  /** The clock stream, `/api/sse/clock` on the site's own server. */
  endpoint: string;
  strings: UiStrings<ClockStringKey>;
}

interface ReceivedEvent {
  type: string;
  data: string;
  arrival: string;
}

/**
 * Live demo of the clock stream: start it, watch `tick` events arrive once a
 * second, and see the client close its EventSource when `done` arrives (so
 * the browser does not reconnect and restart the clock).
 */
export default function ClockIsland({ endpoint, strings }: Props) {
  const [ticks, setTicks] = useState(5);
  const [state, setState] = useState<ConnectionState>('idle');
  const [events, setEvents] = useState<ReceivedEvent[]>([]);
  const [notice, setNotice] = useState('');
  const sourceRef = useRef<EventSource | null>(null);
  const logRef = useRef<HTMLOListElement>(null);
  const wireRef = useRef<HTMLPreElement>(null);

  // Close the stream when the island goes away (navigation, hot reload).
  useEffect(() => () => sourceRef.current?.close(), []);

  // Keep the newest event in view in both panes.
  useEffect(() => {
    for (const pane of [logRef.current, wireRef.current]) if (pane) pane.scrollTop = pane.scrollHeight;
  }, [events.length]);

  function start(): void {
    sourceRef.current?.close();
    setEvents([]);
    setNotice('');
    const startedAt = performance.now();
    const source = new EventSource(`${endpoint}?n=${ticks}`);
    sourceRef.current = source;
    let opened = false;
    setState('CONNECTING');

    const record = (event: MessageEvent<string>): void => {
      const arrival = formatArrival(new Date(), performance.now() - startedAt);
      setEvents((list) => [...list, { type: event.type, data: event.data, arrival }]);
    };
    source.onopen = () => {
      opened = true;
      setState('OPEN');
      setNotice('');
    };
    source.addEventListener('tick', record);
    source.addEventListener('done', (event) => {
      record(event);
      source.close();
      setState('CLOSED');
      setNotice(strings['clock.finished']);
    });
    source.onerror = () => {
      if (!opened) {
        // Never connected: no server behind this page (a static copy of the
        // site) or it refused the stream. Retrying forever would not help.
        source.close();
        setState('CLOSED');
        setNotice(fill(strings['clock.unreachable'], { url: endpoint }));
        return;
      }
      setState(source.readyState === EventSource.CLOSED ? 'CLOSED' : 'CONNECTING');
      setNotice(strings['clock.reconnecting']);
    };
  }

  function stop(): void {
    sourceRef.current?.close();
    sourceRef.current = null;
    setState('CLOSED');
    setNotice(strings['clock.stopped']);
  }

  const running = state === 'CONNECTING' || state === 'OPEN';
  const wire = events.map((event) => serializeEvent({ event: event.type, data: event.data })).join('');

  return (
    <figure class="sse-demo not-content" aria-labelledby="clock-demo-caption">
      <figcaption id="clock-demo-caption" class="sse-demo__caption">
        {strings['clock.caption']}
      </figcaption>
      <p class="sse-demo__explainer">{strings['clock.explainer']}</p>
      <div class="sse-demo__controls">
        <label>
          {strings['clock.ticks']}{' '}
          <input
            type="number"
            min={1}
            max={60}
            value={ticks}
            disabled={running}
            onInput={(event) => setTicks(Math.min(60, Math.max(1, Number(event.currentTarget.value) || 1)))}
          />
        </label>
        <button type="button" class="sse-demo__button" onClick={running ? stop : start}>
          {running ? strings['clock.stop'] : strings['clock.start']}
        </button>
      </div>
      <p class="sse-demo__status" role="status">
        {strings['clock.state']}:{' '}
        <strong class="sse-demo__state" data-state={state}>
          {state === 'idle' ? strings['clock.state.idle'] : state}
        </strong>
        {notice && <span class="sse-demo__notice"> {notice}</span>}
      </p>
      <div class="sse-demo__panes">
        <div class="sse-demo__pane">
          <p class="sse-demo__pane-title" id="clock-demo-events">
            {strings['clock.events']}
          </p>
          <ol ref={logRef} class="sse-demo__log" aria-labelledby="clock-demo-events" tabIndex={0}>
            {events.length === 0 && <li class="sse-demo__empty">{strings['clock.events.empty']}</li>}
            {events.map((event, index) => (
              <li key={index} data-event-type={event.type}>
                <time>{event.arrival}</time> <code>{event.type}</code> <code>{event.data}</code>
              </li>
            ))}
          </ol>
        </div>
        <div class="sse-demo__pane">
          <p class="sse-demo__pane-title" id="clock-demo-wire">
            {strings['clock.wire']}
          </p>
          <pre ref={wireRef} class="sse-demo__wire" aria-labelledby="clock-demo-wire" tabIndex={0}>
            {wire}
          </pre>
          <p class="sse-demo__note">{strings['clock.wire.note']}</p>
        </div>
      </div>
    </figure>
  );
}
