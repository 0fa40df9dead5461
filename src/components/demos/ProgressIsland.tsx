import { useId, useState } from 'preact/hooks';
import { fill, type UiStrings } from '../ui-strings.ts';
import { DemoFrame } from './DemoFrame.tsx';
import { formatSeconds } from './event-log.ts';
import type { DemoStringKey } from './demo-strings.ts';
import { isRunning, useEventSource } from './use-event-source.ts';

interface Props {
  /** `/api/sse/progress` on the site's own server. */
  endpoint: string;
  strings: UiStrings<DemoStringKey<'progress'>>;
}

/**
 * A job reporting its progress: `progress` events move a real <progress>
 * element, and `complete` ends it; the page then calls close(), or the
 * browser would reconnect and the server would start the job again.
 */
export default function ProgressIsland({ endpoint, strings }: Props) {
  const id = useId();
  const [percent, setPercent] = useState(0);
  const stream = useEventSource({
    strings,
    listen(source, record) {
      source.addEventListener('progress', (event) => {
        setPercent((JSON.parse(event.data) as { percent: number }).percent);
        record(event);
      });
      source.addEventListener('complete', (event) => {
        const { ms } = JSON.parse(event.data) as { ms: number };
        setPercent(100);
        record(event);
        stream.stop(fill(strings['demo.progress.complete'], { seconds: formatSeconds(ms, 1) }));
      });
    },
  });
  const running = isRunning(stream.state);

  return (
    <DemoFrame
      name="progress"
      strings={strings}
      stream={stream}
      controls={
        <button
          type="button"
          class="sse-demo__button"
          onClick={() => {
            if (running) return stream.stop();
            setPercent(0);
            stream.start(endpoint);
          }}
        >
          {running ? strings['demo.progress.cancel'] : strings['demo.progress.start']}
        </button>
      }
    >
      <div class="sse-demo__extra sse-demo__progress">
        <label for={`${id}-bar`}>{strings['demo.progress.label']}</label>
        <progress id={`${id}-bar`} max={100} value={percent} />
        {/* The bar itself tells screen readers its value; a second live region would repeat every step. */}
        <span class="sse-demo__percent" aria-hidden="true">
          {fill(strings['demo.progress.percent'], { percent })}
        </span>
      </div>
    </DemoFrame>
  );
}
