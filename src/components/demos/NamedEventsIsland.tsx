import { useEffect, useRef, useState } from 'preact/hooks';
import { listen } from '../../snippets/demos/named-events.js';
import clientCode from '../../snippets/demos/named-events.js?raw';
import { fill, type UiStrings } from '../ui-strings.ts';
import { DemoFrame } from './DemoFrame.tsx';
import type { DemoStringKey } from './demo-strings.ts';
import { isRunning, useEventSource } from './use-event-source.ts';

interface Props {
  /** `/api/sse/notifications` on the site's own server. */
  endpoint: string;
  strings: UiStrings<DemoStringKey<'named-events'>>;
}

/** The code's lines, each with the listener whose block it belongs to (if any). */
const codeLines: ReadonlyArray<{ text: string; listener: string | undefined }> = (() => {
  let current: string | undefined;
  return clientCode.trimEnd().split('\n').map((text) => {
    const opens = /addEventListener\('(\w+)'|\.(onmessage) =/.exec(text);
    if (opens) current = opens[1] ?? opens[2];
    const line = { text, listener: current };
    if (/^\s{2}\}\)?;$/.test(text)) current = undefined;
    return line;
  });
})();

/**
 * Named events: the stream mixes `notification`, `update` and unnamed
 * events, and the island runs the client code it shows
 * (src/snippets/demos/named-events.js), so each event is listed under the
 * listener that really received it, and that listener's lines light up.
 */
export default function NamedEventsIsland({ endpoint, strings }: Props) {
  const [counts, setCounts] = useState<Record<string, number>>({});
  const [latest, setLatest] = useState<string | null>(null);
  const stream = useEventSource({
    strings,
    listen(source, record) {
      listen(source, (listener: string, event: MessageEvent<string>) => {
        record(event, listener);
        setLatest(listener);
        setCounts((before) => ({ ...before, [listener]: (before[listener] ?? 0) + 1 }));
      });
    },
  });
  const running = isRunning(stream.state);
  const codeRef = useRef<HTMLPreElement>(null);

  // Bring the block of the listener that just ran into view inside the code pane (not the page).
  useEffect(() => {
    const pane = codeRef.current;
    const block = pane?.querySelector<HTMLElement>('[data-latest="true"]');
    if (!pane || !block) return;
    pane.scrollTop = block.offsetTop - 8; // the pane is the block's offsetParent (position: relative)
  }, [latest, stream.log.length]);

  return (
    <DemoFrame
      name="named-events"
      strings={strings}
      stream={stream}
      controls={
        <button
          type="button"
          class="sse-demo__button"
          onClick={() => {
            if (running) return stream.stop();
            setCounts({});
            setLatest(null);
            stream.start(endpoint);
          }}
        >
          {running ? strings['demo.named-events.stop'] : strings['demo.named-events.start']}
        </button>
      }
    >
      <div class="sse-demo__extra sse-demo__code-pane">
        <p class="sse-demo__pane-title">{strings['demo.named-events.code']}</p>
        <pre ref={codeRef} class="sse-demo__code" tabIndex={0} aria-label={strings['demo.named-events.code']}>
          {codeLines.map(({ text, listener }, index) => {
            const first = listener !== undefined && codeLines[index - 1]?.listener !== listener;
            return (
              <span key={index} class="sse-demo__code-line" data-listener={listener} data-latest={listener !== undefined && listener === latest}>
                {text}
                {first && (
                  <span class="sse-demo__count" data-count-for={listener}>
                    {fill(strings['demo.named-events.count'], { count: counts[listener] ?? 0 })}
                  </span>
                )}
                {'\n'}
              </span>
            );
          })}
        </pre>
      </div>
    </DemoFrame>
  );
}
