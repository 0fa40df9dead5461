import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { fill, type UiStrings } from '../ui-strings.ts';
import type { DemoName, SharedDemoStringKey } from './demo-strings.ts';
import { EventData } from './EventData.tsx';
import type { EventSourceHandle, StreamFailure } from './use-event-source.ts';

/** What the frame shows of a stream: one `useEventSource()` handle, or what a demo with several builds from them. */
export type DemoStream = Pick<EventSourceHandle, 'state' | 'failure' | 'log' | 'wire'>;

interface DemoFrameProps<N extends DemoName> {
  /** The figure's `data-demo` (for styling and tests) and its strings' prefix: caption and explainer are `demo.<name>.caption`/`.explainer`. */
  name: N;
  /** The shared strings and this demo's caption and explainer (one or two sentences on what it shows that the page around it does not). */
  strings: UiStrings<SharedDemoStringKey | `demo.${NoInfer<N>}.caption` | `demo.${NoInfer<N>}.explainer`>;
  stream: DemoStream;
  controls: ComponentChildren;
  /** A short remark after the state; by default the log's latest note. A failure takes its place. */
  notice?: string | undefined;
  /** What only this demo shows, between the status line and the panes (a progress bar, client code). */
  children?: ComponentChildren;
  /** Replaces the shared note under the wire pane. */
  wireNote?: string | undefined;
  /** Label of an entry's tag, e.g. which listener received it. */
  tagLabel?: (tag: string) => string;
  /** This demo's own wording of a refusal, where it knows more than the status says (the counter's 400). */
  reasonFor?: ((status: number) => string | undefined) | undefined;
}

/**
 * The wire text, one block per line: a long line wraps with the rest
 * indented under it, so it does not read as a line of its own and nothing
 * is cut at the pane's edge. Each keeps its line feed for copying.
 */
function wireLines(wire: string) {
  return wire
    .replace(/\n$/, '')
    .split('\n')
    .map((line, index) => (
      <span key={index} class="sse-demo__wire-line">
        {line}
        {'\n'}
      </span>
    ));
}

const knownRefusals = [400, 406, 429, 503] as const;

/**
 * A refusal in the page's language. The endpoint's own one-line reason is
 * English, so the frame words it from the status, which says the same for
 * every stream endpoint (src/server: 400 a bad parameter, 406 the gzip lab's
 * encoding, 429 this client's share, 503 the server's); any other status is
 * named and left to DevTools.
 */
function refusalText(strings: UiStrings<SharedDemoStringKey>, failure: Extract<StreamFailure, { kind: 'refused' }>, own?: string): string {
  const known = knownRefusals.find((status) => status === failure.status);
  let reason = own ?? strings[known === undefined ? 'demo.reason.other' : (`demo.reason.${known}` as const)];
  if (failure.retryAfter !== null) reason += ` ${fill(strings['demo.reason.retry-after'], { seconds: failure.retryAfter })}`;
  return fill(strings['demo.refused'], { status: failure.status, reason });
}

/**
 * The shared layout of every live demo: caption, explainer, controls, a
 * status line (role=status, so screen readers hear state changes), the
 * events with their arrival times, and the wire text.
 *
 * Search indexes the caption and the explainer only: the controls, panes
 * and note read the same in every demo and would answer every search for
 * "events" (data-pagefind-ignore, https://pagefind.app/docs/indexing/).
 *
 * The body below the controls has a fixed height (demo.css): when a notice
 * takes a second line, the panes give up that line, so nothing on the page
 * moves while events arrive and no empty space is kept for notices that
 * are not there.
 */
export function DemoFrame<N extends DemoName>(props: DemoFrameProps<N>) {
  const { strings } = props;
  const { state, failure, log, wire } = props.stream;
  const id = useId();
  const logRef = useRef<HTMLOListElement>(null);
  const wireRef = useRef<HTMLPreElement>(null);
  // Until the island has hydrated its controls do nothing: the server-rendered
  // HTML has them disabled (a disabled fieldset), so they look inactive and
  // take no typing that hydration would then throw away.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);

  // Keep the newest entry in view in both panes.
  useEffect(() => {
    for (const pane of [logRef.current, wireRef.current]) if (pane) pane.scrollTop = pane.scrollHeight;
  }, [log.length]);

  let notice = props.notice ?? log.findLast((entry) => entry.kind === 'note')?.data;
  if (failure?.kind === 'unreachable') notice = fill(strings['demo.unreachable'], { url: failure.url });
  if (failure?.kind === 'refused') notice = refusalText(strings, failure, props.reasonFor?.(failure.status));
  if (failure?.kind === 'unexpected') notice = fill(strings['demo.unexpected'], { url: failure.url, status: failure.status, type: failure.contentType });

  return (
    <figure class="sse-demo not-content" data-demo={props.name} aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} class="sse-demo__caption">
        {strings[`demo.${props.name}.caption`]}
      </figcaption>
      <p class="sse-demo__explainer">{strings[`demo.${props.name}.explainer`]}</p>
      <fieldset class="sse-demo__controls" disabled={!hydrated} data-pagefind-ignore>
        {props.controls}
      </fieldset>
      <div class="sse-demo__body" data-pagefind-ignore>
        <p class="sse-demo__status" role="status" data-failure={failure?.kind}>
          {strings['demo.state']}:{' '}
          <strong class="sse-demo__state" data-state={state}>
            {state === 'idle' ? strings['demo.state.idle'] : state}
          </strong>
          {notice && <span class="sse-demo__notice"> · {notice}</span>}
        </p>
        {props.children}
        <div class="sse-demo__panes">
          <div class="sse-demo__pane">
            <p class="sse-demo__pane-title" id={`${id}-events`}>
              {strings['demo.events']}
            </p>
            <ol ref={logRef} class="sse-demo__log" aria-labelledby={`${id}-events`} tabIndex={0}>
              {log.length === 0 && <li class="sse-demo__empty">{strings['demo.events.empty']}</li>}
              {log.map((entry) =>
                entry.kind === 'note' ? (
                  <li key={entry.key} class="sse-demo__entry sse-demo__entry--note" data-kind="note">
                    <time>{entry.arrival}</time> {entry.data}
                  </li>
                ) : (
                  <li
                    key={entry.key}
                    class="sse-demo__entry"
                    data-kind="event"
                    data-event-type={entry.type}
                    data-event-id={entry.newId ? entry.lastEventId : undefined}
                    data-tag={entry.tag}
                  >
                    <time>{entry.arrival}</time> <code class="sse-demo__type">{entry.type}</code>
                    {entry.newId && <code class="sse-demo__id">id: {entry.lastEventId}</code>}
                    {entry.tag && <span class="sse-demo__tag">{props.tagLabel ? props.tagLabel(entry.tag) : entry.tag}</span>}{' '}
                    <EventData text={entry.data} />
                  </li>
                ),
              )}
            </ol>
          </div>
          <div class="sse-demo__pane">
            <p class="sse-demo__pane-title" id={`${id}-wire`}>
              {strings['demo.wire']}
            </p>
            <pre ref={wireRef} class="sse-demo__wire" aria-labelledby={`${id}-wire`} tabIndex={0}>
              {wire ? wireLines(wire) : <span class="sse-demo__empty">{strings['demo.wire.empty']}</span>}
            </pre>
          </div>
        </div>
      </div>
      <p class="sse-demo__note" data-pagefind-ignore>{props.wireNote ?? strings['demo.wire.note']}</p>
    </figure>
  );
}
