import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { fill, type UiStrings } from '../ui-strings.ts';
import { formatSeconds } from './event-log.ts';
import { DemoFrame } from './DemoFrame.tsx';
import type { DemoStringKey } from './demo-strings.ts';
import { diagnose, useDemoLog, type ConnectionState, type StreamFailure } from './use-event-source.ts';

interface Props {
  /** `/api/sse/idle` on the site's own server: a stream that only holds its connection. */
  endpoint: string;
  strings: UiStrings<DemoStringKey<'connection-limit'>>;
}

/** Streams the demo opens at most: two past the browser's six per host. */
const MAX_SLOTS = 8;
/** After this long in CONNECTING a stream is shown as waiting for a free connection. */
const WAITING_AFTER_MS = 1000;
/** From this many open streams on, the next one takes the browser's last connection to this site. */
const LAST_FREE_AT = 5;

interface Slot {
  n: number;
  state: Exclude<ConnectionState, 'idle'>;
  /** performance.now() when `new EventSource()` ran. */
  createdAt: number;
  /** How long it took to open, once it has. */
  openedAfterMs?: number;
}

/**
 * The connection limit: open streams one by one. Over HTTP/1.1 the browser
 * allows six connections per host, so the seventh `EventSource` stays
 * CONNECTING (the request never leaves the browser) until one of the others
 * closes. Every stream is closed when the reader presses "Close all" or
 * leaves the page: on a link click and on beforeunload, before the browser
 * asks for the next page (that request needs a free connection too, so
 * waiting for pagehide would hold the reader on this page), and on pagehide.
 */
export default function ConnectionLimitIsland({ endpoint, strings }: Props) {
  const [slots, setSlots] = useState<Slot[]>([]);
  const [failure, setFailure] = useState<StreamFailure | null>(null);
  const [now, setNow] = useState(0);
  /** Whether a stream was opened since the page loaded: with none open, the demo is CLOSED then, not "not started". */
  const [started, setStarted] = useState(false);
  const sources = useRef(new Map<number, EventSource>());
  const openButton = useRef<HTMLButtonElement>(null);
  const warningId = useId();
  const { log, wire, record, note, clear } = useDemoLog();

  // Close every stream when the island or the page goes away (pagehide also
  // covers a page kept in the back/forward cache): they hold the reader's
  // connections to this site, which every other tab of it needs too.
  useEffect(() => {
    const onLinkClick = (event: MouseEvent): void => {
      const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
      // A link to a place on this same page needs no connection.
      if (link instanceof HTMLAnchorElement && !(link.hash && link.pathname === location.pathname)) closeAll();
    };
    document.addEventListener('click', onLinkClick, true);
    window.addEventListener('beforeunload', closeAll);
    window.addEventListener('pagehide', closeAll);
    return () => {
      document.removeEventListener('click', onLinkClick, true);
      window.removeEventListener('beforeunload', closeAll);
      window.removeEventListener('pagehide', closeAll);
      closeAll();
    };
  }, []);

  // Tick while a stream is waiting, so its waiting time counts up.
  const waiting = slots.some((slot) => slot.state === 'CONNECTING');
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => setNow(performance.now()), 250);
    return () => clearInterval(timer);
  }, [waiting]);

  const update = (n: number, change: Partial<Slot>): void =>
    setSlots((list) => list.map((slot) => (slot.n === n ? { ...slot, ...change } : slot)));

  function openOne(): void {
    const used = new Set(slots.map((slot) => slot.n));
    const n = Array.from({ length: MAX_SLOTS }, (_, index) => index + 1).find((candidate) => !used.has(candidate));
    if (n === undefined) return;
    setStarted(true);
    if (slots.length === 0 && sources.current.size === 0) {
      clear();
      setFailure(null);
    }
    const url = `${endpoint}?slot=${n}`;
    const createdAt = performance.now();
    const source = new EventSource(url);
    sources.current.set(n, source);
    setSlots((list) => [...list, { n, state: 'CONNECTING' as const, createdAt }].sort((a, b) => a.n - b.n));
    setNow(createdAt);
    let opened = false;
    source.addEventListener('open', () => {
      opened = true;
      const openedAfterMs = Math.round(performance.now() - createdAt);
      update(n, { state: 'OPEN', openedAfterMs });
      note(fill(strings['demo.connection-limit.note.opened'], { n, ms: openedAfterMs }));
    });
    source.addEventListener('ready', (event) => record(event, fill(strings['demo.connection-limit.stream'], { n })));
    source.addEventListener('error', () => {
      if (opened) {
        update(n, { state: source.readyState === EventSource.CLOSED ? 'CLOSED' : 'CONNECTING' });
        return;
      }
      // Never opened: the endpoint is missing or refused this stream.
      source.close();
      sources.current.delete(n);
      update(n, { state: 'CLOSED' });
      void diagnose(url).then(setFailure);
    });
  }

  function closeOne(n: number): void {
    sources.current.get(n)?.close();
    sources.current.delete(n);
    setSlots((list) => list.filter((slot) => slot.n !== n));
    note(fill(strings['demo.connection-limit.note.closed'], { n }));
    // The pressed button is gone with its stream: keep keyboard focus in the
    // demo (after the render that enables "open" again, if all eight were open).
    setTimeout(() => openButton.current?.focus());
  }

  function closeAll(): void {
    for (const source of sources.current.values()) source.close();
    sources.current.clear();
    setSlots([]);
  }

  const open = slots.filter((slot) => slot.state === 'OPEN').length;
  const pending = slots.filter((slot) => slot.state === 'CONNECTING').length;
  const overall: ConnectionState = slots.length === 0 ? (failure || started ? 'CLOSED' : 'idle') : pending > 0 ? 'CONNECTING' : open > 0 ? 'OPEN' : 'CLOSED';
  const full = slots.length >= MAX_SLOTS;

  return (
    <DemoFrame
      name="connection-limit"
      strings={strings}
      stream={{ state: overall, failure, log, wire }}
      notice={slots.length > 0 ? fill(strings['demo.connection-limit.summary'], { open, pending }) : undefined}
      wireNote={strings['demo.connection-limit.http2']}
      controls={
        <>
          <button
            ref={openButton}
            type="button"
            class="sse-demo__button"
            // aria-disabled rather than disabled: the eighth press would otherwise drop keyboard focus to the page.
            aria-disabled={full}
            aria-describedby={warningId}
            onClick={() => {
              if (!full) openOne();
            }}
          >
            {strings['demo.connection-limit.open']}
          </button>
          <button
            type="button"
            class="sse-demo__button sse-demo__button--secondary"
            disabled={slots.length === 0}
            onClick={() => {
              closeAll();
              note(strings['demo.note.stopped']);
              // This button is disabled now that nothing is open: keep keyboard focus in the demo.
              openButton.current?.focus();
            }}
          >
            {strings['demo.connection-limit.close-all']}
          </button>
        </>
      }
    >
      <ol class="sse-demo__extra sse-demo__slots" aria-label={strings['demo.connection-limit.caption']}>
        {Array.from({ length: MAX_SLOTS }, (_, index) => {
          const slot = slots.find((candidate) => candidate.n === index + 1);
          // An unused place still says whose it is, so the grid never shows blank boxes.
          if (!slot)
            return (
              <li key={index} class="sse-demo__slot" data-slot={index + 1} data-state="none" aria-hidden="true">
                <span class="sse-demo__slot-name">{fill(strings['demo.connection-limit.stream'], { n: index + 1 })}</span>
              </li>
            );
          const waitedMs = Math.max(0, now - slot.createdAt);
          return (
            <li key={index} class="sse-demo__slot" data-slot={slot.n} data-state={slot.state}>
              <span class="sse-demo__slot-name">{fill(strings['demo.connection-limit.stream'], { n: slot.n })}</span>
              <button
                type="button"
                class="sse-demo__slot-close"
                aria-label={`${strings['demo.connection-limit.close']}: ${fill(strings['demo.connection-limit.stream'], { n: slot.n })}`}
                title={strings['demo.connection-limit.close']}
                onClick={() => closeOne(slot.n)}
              >
                ×
              </button>
              <strong class="sse-demo__slot-state">{slot.state}</strong>
              <span class="sse-demo__slot-detail">
                {slot.openedAfterMs !== undefined
                  ? fill(strings['demo.connection-limit.opened-after'], { ms: slot.openedAfterMs })
                  : waitedMs >= WAITING_AFTER_MS
                    ? fill(strings['demo.connection-limit.waiting'], { seconds: formatSeconds(waitedMs, 1) })
                    : '…'}
              </span>
            </li>
          );
        })}
      </ol>
      <p id={warningId} class="sse-demo__extra sse-demo__limit-warning" data-active={slots.length >= LAST_FREE_AT ? '' : undefined}>
        {strings['demo.connection-limit.warning']}
      </p>
    </DemoFrame>
  );
}
