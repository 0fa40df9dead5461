import { useEffect, useRef, useState } from 'preact/hooks';
import { diagnose } from '../../lib/doctor/diagnose.ts';
import type { Report, StreamObservation, TimedChunk } from '../../lib/doctor/types.ts';
import type { Lang, Strings } from '../../lib/doctor/wording.ts';
import { formatSeconds } from '../demos/event-log.ts';
import { fill, type UiStrings } from '../ui-strings.ts';
import { ArrivalChart } from './ArrivalChart.tsx';
import { cliLines, hiddenHeaders } from './browser-limits.ts';
import { DoctorReport } from './DoctorReport.tsx';
import type { DoctorPageStringKey } from './doctor-strings.ts';
import { NoResponseError, parseStreamUrl } from './fetch-transport.ts';
import { maxBodyBytes, runDoctor, type DoctorPhase } from './run-doctor.ts';

/** The failure labs a button runs, under `labBase`. */
const labs = ['direct', 'proxy-buffer', 'gzip'] as const;

/** Durations to choose from, in seconds: a quick look, and long enough to see the usual idle cuts (30 s, 60 s, 100 s). */
export const durationChoices = [15, 75, 130] as const;

interface Props {
  /** The failure labs live at `${labBase}/<mode>`: `/api/sse/lab`. */
  labBase: string;
  strings: UiStrings<DoctorPageStringKey>;
  /** The engine's wording of checks and findings (doctor-strings.ts: pickEngineStrings). */
  engine: Strings;
  lang: Lang;
}

type Outcome =
  | { kind: 'idle' }
  | { kind: 'running'; phase: DoctorPhase; startedAt: number; bytes: number }
  | { kind: 'report'; report: Report; hidden: string[]; redirectedTo?: string; cappedAt?: number }
  | { kind: 'no-response'; url: string }
  | { kind: 'no-headers'; url: string; seconds: number }
  | { kind: 'stopped' };

/**
 * The stream doctor in the page: the reader names a URL (or picks a failure
 * lab), the browser watches the stream with fetch(), the engine reports.
 * Nothing goes through the site's server but the labs themselves. The form
 * and report stay out of the search index (data-pagefind-ignore); the
 * page's prose is what a search should find.
 */
export default function DoctorIsland({ labBase, strings, engine, lang }: Props) {
  const [url, setUrl] = useState('');
  const [durationS, setDurationS] = useState<number>(durationChoices[0]);
  const [invalid, setInvalid] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  const [timeline, setTimeline] = useState<Report['timeline']>([]);
  const [announcement, setAnnouncement] = useState('');
  const [, setTick] = useState(0);
  const controllerRef = useRef<AbortController | null>(null);
  const running = outcome.kind === 'running';

  // The progress line's clock: one render a second while a check runs.
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setTick((tick) => tick + 1), 1000);
    return () => clearInterval(timer);
  }, [running]);
  // Leaving the page stops a check under way.
  useEffect(() => () => controllerRef.current?.abort(), []);

  async function check(target: string): Promise<void> {
    if (running) return;
    const parsed = parseStreamUrl(target, location.href);
    if (!parsed) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    const controller = new AbortController();
    controllerRef.current = controller;
    const startedAt = performance.now();
    setTimeline([]);
    setOutcome({ kind: 'running', phase: 'first', startedAt, bytes: 0 });
    setAnnouncement(fill(strings['doctor.page.announce.running'], { url: parsed.href }));
    // The chart grows while the stream runs: the engine reads what came so far, at most once a second.
    const chunks: TimedChunk[] = [];
    let redraw: ReturnType<typeof setTimeout> | undefined;
    const drawSoFar = (): void => {
      redraw = undefined;
      const soFar: StreamObservation = {
        url: parsed.href,
        httpVersion: null,
        status: 200,
        headers: [],
        headersAtMs: 0,
        chunks,
        end: { atMs: chunks.at(-1)?.atMs ?? 0, reason: 'aborted' },
      };
      setTimeline(diagnose({ first: soFar }).timeline);
    };
    try {
      const { report, first } = await runDoctor({
        url: parsed.href,
        durationMs: durationS * 1000,
        signal: controller.signal,
        onPhase: (phase) => setOutcome((current) => (current.kind === 'running' ? { ...current, phase, startedAt: performance.now(), bytes: 0 } : current)),
        onChunk: (phase, chunk) => {
          setOutcome((current) => (current.kind === 'running' ? { ...current, bytes: current.bytes + chunk.bytes.byteLength } : current));
          if (phase !== 'first') return;
          chunks.push(chunk);
          redraw ??= setTimeout(drawSoFar, 1000);
        },
      });
      clearTimeout(redraw);
      setTimeline(report.timeline);
      setOutcome({
        kind: 'report',
        report,
        hidden: parsed.origin === location.origin ? [] : hiddenHeaders(first),
        ...(first.redirectedTo ? { redirectedTo: first.redirectedTo } : {}),
        ...(first.end.reason === 'size-limit' ? { cappedAt: maxBodyBytes } : {}),
      });
      const problems = report.findings.filter((finding) => finding.severity === 'problem').length;
      setAnnouncement(fill(strings['doctor.page.announce.done'], { problems, advice: report.findings.length - problems }));
    } catch (error) {
      clearTimeout(redraw);
      if (!(error instanceof NoResponseError)) throw error;
      if (error.reason === 'network') {
        setOutcome({ kind: 'no-response', url: parsed.href });
        setAnnouncement(fill(strings['doctor.page.no-response'], { url: parsed.href }));
      } else if (error.reason === 'duration') {
        setOutcome({ kind: 'no-headers', url: parsed.href, seconds: durationS });
        setAnnouncement(fill(strings['doctor.page.no-headers'], { url: parsed.href, seconds: durationS }));
      } else {
        setOutcome({ kind: 'stopped' });
        setAnnouncement(strings['doctor.page.stopped']);
      }
    } finally {
      controllerRef.current = null;
    }
  }

  function runLab(mode: (typeof labs)[number]): void {
    const labUrl = new URL(`${labBase}/${mode}`, location.href).href;
    setUrl(labUrl);
    void check(labUrl);
  }

  return (
    <div class="sse-demo sse-doctor not-content" data-state={outcome.kind} data-pagefind-ignore>
      <p class="sse-doctor__caption">{strings['doctor.page.caption']}</p>
      <form
        class="sse-doctor__form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void check(url);
        }}
      >
        <div class="sse-doctor__field">
          <label for="sse-doctor-url">{strings['doctor.page.url']}</label>
          <input
            id="sse-doctor-url"
            type="url"
            inputMode="url"
            autoComplete="url"
            spellcheck={false}
            placeholder="https://sse.example.com/events"
            value={url}
            aria-invalid={invalid}
            aria-describedby="sse-doctor-url-hint"
            onInput={(event) => setUrl(event.currentTarget.value)}
          />
          <p id="sse-doctor-url-hint" class="sse-doctor__hint" data-invalid={invalid}>
            {invalid ? strings['doctor.page.url.invalid'] : strings['doctor.page.url.hint']}
          </p>
        </div>
        <div class="sse-doctor__row">
          <label for="sse-doctor-duration">{strings['doctor.page.duration']}</label>
          <select id="sse-doctor-duration" value={durationS} onChange={(event) => setDurationS(Number(event.currentTarget.value))}>
            {durationChoices.map((seconds) => (
              <option key={seconds} value={seconds}>
                {fill(strings['doctor.page.duration.option'], { seconds })}
              </option>
            ))}
          </select>
          <button type="submit" class="sse-demo__button" aria-disabled={running}>
            {strings['doctor.page.run']}
          </button>
          <button type="button" class="sse-demo__button sse-demo__button--secondary" disabled={!running} onClick={() => controllerRef.current?.abort()}>
            {strings['doctor.page.stop']}
          </button>
        </div>
      </form>
      <div class="sse-doctor__labs" role="group" aria-labelledby="sse-doctor-labs-label">
        <span id="sse-doctor-labs-label">{strings['doctor.page.labs']}</span>
        {labs.map((mode) => (
          <button key={mode} type="button" class="sse-doctor__lab" data-lab={mode} aria-disabled={running} onClick={() => runLab(mode)}>
            {strings[`doctor.page.lab.${mode}`]}
          </button>
        ))}
      </div>
      <p class="sse-doctor__progress">
        {outcome.kind === 'running' &&
          fill(strings[outcome.phase === 'first' ? 'doctor.page.progress.first' : 'doctor.page.progress.resume'], {
            seconds: formatSeconds(performance.now() - outcome.startedAt, 0),
            bytes: new Intl.NumberFormat(lang).format(outcome.bytes),
          })}
      </p>
      <p class="sse-lab__visually-hidden" role="status">
        {announcement}
      </p>
      <ArrivalChart timeline={timeline} strings={strings} lang={lang} />
      {outcome.kind === 'no-response' && (
        <div class="sse-doctor__no-response" data-testid="no-response">
          <p>{fill(strings['doctor.page.no-response'], { url: outcome.url })}</p>
          <p>{strings['doctor.page.no-response.cli']}</p>
          <pre tabIndex={0}>
            <code>{cliLines(outcome.url).join('\n')}</code>
          </pre>
        </div>
      )}
      {outcome.kind === 'no-headers' && (
        <div class="sse-doctor__no-response" data-testid="no-headers">
          <p>{fill(strings['doctor.page.no-headers'], { url: outcome.url, seconds: outcome.seconds })}</p>
        </div>
      )}
      {outcome.kind === 'stopped' && <p class="sse-doctor__progress">{strings['doctor.page.stopped']}</p>}
      {outcome.kind === 'report' && outcome.cappedAt !== undefined && (
        <p class="sse-doctor__hidden-headers" data-testid="capped">
          {fill(strings['doctor.page.size-limit'], { bytes: new Intl.NumberFormat(lang).format(outcome.cappedAt) })}
        </p>
      )}
      {outcome.kind === 'report' && outcome.redirectedTo && (
        <p class="sse-doctor__hidden-headers" data-testid="redirected">
          {fill(strings['doctor.page.redirected'], { url: outcome.redirectedTo })}
        </p>
      )}
      {outcome.kind === 'report' && outcome.hidden.length > 0 && (
        <p class="sse-doctor__hidden-headers">{fill(strings['doctor.page.hidden-headers'], { headers: outcome.hidden.join(', ') })}</p>
      )}
      {outcome.kind === 'report' && <DoctorReport report={outcome.report} strings={strings} engine={engine} lang={lang} />}
    </div>
  );
}
