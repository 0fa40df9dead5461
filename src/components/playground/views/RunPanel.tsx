import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { SseEvent } from '../../../lib/sse/parser.ts';
import { fill } from '../../ui-strings.ts';
import type { NativeRunOutcome } from '../browser/native-run.ts';
import type { Availability } from '../hooks/use-echo-availability.ts';
import { useGrowingCount } from '../hooks/use-growing-count.ts';
import type { NativeRun } from '../hooks/use-native-run.ts';
import { displayLimits } from '../model/analysis.ts';
import { checkPlan, chunkModes, type ChunkMode, type ChunkPlan, type PlanProblem } from '../model/chunking.ts';
import type { Comparison, Difference } from '../model/compare.ts';
import type { PlaygroundStrings } from '../playground-strings.ts';
import { ResultTable } from './ResultTable.tsx';
import { VisibleText } from './VisibleText.tsx';

function problemText(problem: PlanProblem, strings: PlaygroundStrings, format: (n: number) => string): string {
  switch (problem.code) {
    case 'too-large':
      return fill(strings['playground.run.problem.too-large'], { bytes: format(problem.bytes), limit: format(problem.limit) });
    case 'delay-too-long':
      return fill(strings['playground.run.problem.delay-too-long'], { delay: format(problem.delayMs), limit: format(problem.limit) });
    case 'too-slow':
      return fill(strings['playground.run.problem.too-slow'], {
        chunks: format(problem.chunks),
        total: format(problem.durationMs),
        limit: format(problem.limit),
      });
    default:
      return strings[`playground.run.problem.${problem.code}`];
  }
}

const knownRefusals = [400, 413, 422, 429, 503] as const;

/** The echo endpoint's refusal in the page's language, from its status (its own reason is English; see http-answer.ts). */
function refusalReason(outcome: Extract<NativeRunOutcome, { kind: 'refused' }>, strings: PlaygroundStrings): string {
  const known = knownRefusals.find((status) => status === outcome.status);
  const reason = strings[known === undefined ? 'playground.run.reason.other' : (`playground.run.reason.${known}` as const)];
  return outcome.retryAfter === null ? reason : `${reason} ${fill(strings['playground.run.reason.retry-after'], { seconds: outcome.retryAfter })}`;
}

function outcomeText(outcome: NativeRunOutcome, strings: PlaygroundStrings, echoUrl: string, timeoutSeconds: number): string {
  switch (outcome.kind) {
    case 'finished':
      return strings['playground.run.finished'];
    case 'timeout':
      return fill(strings['playground.run.timeout'], { seconds: timeoutSeconds });
    case 'aborted':
      return strings['playground.run.aborted'];
    case 'refused':
      return fill(strings['playground.run.refused'], { status: outcome.status, message: refusalReason(outcome, strings) });
    case 'unexpected':
      return fill(strings['playground.run.unexpected'], { url: echoUrl, status: outcome.status, type: outcome.contentType });
    case 'unreachable':
      return fill(strings['playground.run.unreachable'], { url: echoUrl });
    case 'stream-failed':
      return strings['playground.run.streamFailed'];
  }
}

function EventCell({ event, differences, strings }: { event: SseEvent | undefined; differences: readonly Difference[]; strings: PlaygroundStrings }) {
  if (event === undefined) return <span class="pg-missing">{strings['playground.run.noEvent']}</span>;
  const part = (name: 'type' | 'data' | 'lastEventId', value: string) => (
    <span class="pg-part" data-diff={differences.includes(name) ? 'true' : undefined}>
      <span class="pg-part__name">{name}</span> <VisibleText text={value} breakLines={name === 'data'} />
    </span>
  );
  return (
    <>
      {part('type', event.type)}
      {part('data', event.data)}
      {part('lastEventId', event.lastEventId)}
    </>
  );
}

function ComparisonTable({ comparison, strings, format }: { comparison: Comparison; strings: PlaygroundStrings; format: (n: number) => string }) {
  const shown = Math.min(comparison.rows.length, displayLimits.maxEvents);
  const rows = comparison.rows.slice(0, useGrowingCount(shown));
  const note =
    comparison.rows.length > shown ? fill(strings['playground.showing'], { shown: format(shown), total: format(comparison.rows.length) }) : undefined;
  return (
    <ResultTable
      variant="compare"
      caption={strings['playground.run.caption']}
      columns={[
        { key: 'index', label: strings['playground.events.col.index'] },
        { key: 'native', label: strings['playground.run.col.native'] },
        { key: 'parsed', label: strings['playground.run.col.parsed'] },
        { key: 'diff', label: strings['playground.run.col.diff'] },
      ]}
      note={note}
      empty={comparison.rows.length === 0 ? strings['playground.events.empty'] : undefined}
    >
      {rows.map((row) => (
        <tr role="row" key={row.index} data-diff={row.differences.length > 0 ? 'true' : undefined}>
          <td role="cell" class="pg-num">
            {row.differences.length > 0 && <span aria-hidden="true">≠ </span>}
            {row.index + 1}
          </td>
          <td role="cell" class="pg-mono">
            <EventCell event={row.native} differences={row.differences} strings={strings} />
          </td>
          <td role="cell" class="pg-mono">
            <EventCell event={row.parsed} differences={row.differences} strings={strings} />
          </td>
          <td role="cell">{row.differences.map((difference) => strings[`playground.run.diff.${difference}`]).join(', ')}</td>
        </tr>
      ))}
    </ResultTable>
  );
}

interface RunPanelProps {
  strings: PlaygroundStrings;
  format: (n: number) => string;
  echoUrl: string;
  availability: Availability;
  /** The stream as last committed from the editor (debounced while typing). */
  text: string;
  plan: ChunkPlan;
  onPlanChange: (plan: ChunkPlan) => void;
  run: NativeRun;
  /** The editor's exact text at the moment of the click (the debounced `text` may lag behind). */
  currentText: () => string;
}

/** Chunking controls, the run button and the side-by-side comparison of native and parsed events. */
export function RunPanel({ strings, format, echoUrl, availability, text, plan, onPlanChange, run, currentText }: RunPanelProps) {
  const { byteLength, check } = useMemo(() => {
    const bytes = new TextEncoder().encode(text);
    return { byteLength: bytes.length, check: checkPlan(bytes, plan) };
  }, [text, plan]);
  const { state } = run;
  const running = state.phase === 'running';
  const blocked = availability !== 'available' || !check.ok;
  const runRef = useRef<HTMLButtonElement>(null);
  const stopRef = useRef<HTMLButtonElement>(null);
  // Read while rendering, before a run's end takes the Stop button away: if
  // it had the focus, the focus goes back to Run instead of falling to <body>.
  const stopFocused = stopRef.current !== null && stopRef.current === document.activeElement;
  useEffect(() => {
    if (!running && stopFocused) runRef.current?.focus();
  }, [running]);

  const numberInput = (event: Event): number => (event.currentTarget as HTMLInputElement).valueAsNumber;
  const shown = (value: number): string => (Number.isFinite(value) ? String(value) : '');

  let availabilityText = '';
  if (availability === 'checking') availabilityText = strings['playground.run.checking'];
  if (availability === 'unavailable') availabilityText = fill(strings['playground.run.unavailable'], { url: echoUrl });
  if (typeof availability === 'object') {
    availabilityText = fill(strings['playground.run.unexpected'], { url: echoUrl, status: availability.status, type: availability.contentType });
  }

  return (
    <div class="pg-run">
      <p class="pg-help">{fill(strings['playground.run.intro'], { url: echoUrl })}</p>
      <fieldset class="pg-run__plan">
        <legend>{strings['playground.run.chunking']}</legend>
        <label>
          {strings['playground.run.mode']}{' '}
          <select
            value={plan.mode}
            onChange={(event) => onPlanChange({ ...plan, mode: event.currentTarget.value as ChunkMode })}
          >
            {chunkModes.map((mode) => (
              <option key={mode} value={mode}>
                {strings[`playground.run.mode.${mode}`]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {strings['playground.run.size']}{' '}
          <input
            type="number"
            min={1}
            step={1}
            value={shown(plan.size)}
            disabled={plan.mode !== 'every'}
            onInput={(event) => onPlanChange({ ...plan, size: numberInput(event) })}
          />
        </label>
        <label>
          {strings['playground.run.delay']}{' '}
          <input type="number" min={0} step={1} value={shown(plan.delayMs)} onInput={(event) => onPlanChange({ ...plan, delayMs: numberInput(event) })} />
        </label>
      </fieldset>
      <p class="pg-run__check" id="pg-run-check">
        {check.ok
          ? fill(strings['playground.run.plan'], {
              bytes: format(byteLength),
              chunks: format(check.chunks),
              seconds: format(Math.ceil(check.durationMs / 100) / 10),
            })
          : problemText(check.problem, strings, format)}
      </p>
      <div class="pg-run__actions">
        {/* Busy, not disabled, while a run is under way: a disabled button
            drops the keyboard focus to <body> (the run was started from it by Enter). */}
        <button
          ref={runRef}
          type="button"
          class="pg-button pg-button--primary"
          disabled={blocked}
          aria-disabled={running ? 'true' : undefined}
          aria-describedby="pg-run-check pg-run-availability"
          onClick={() => {
            if (!running) void run.start(currentText(), plan);
          }}
        >
          {strings['playground.run.start']}
        </button>
        {running && (
          <button
            ref={stopRef}
            type="button"
            class="pg-button"
            onClick={() => {
              runRef.current?.focus();
              run.stop();
            }}
          >
            {strings['playground.run.stop']}
          </button>
        )}
      </div>
      <p id="pg-run-availability" class="pg-run__availability">
        {availabilityText}
      </p>
      <div class="pg-run__status" role="status">
        {state.phase === 'running' && <p>{fill(strings['playground.run.running'], { count: format(state.received) })}</p>}
        {state.phase === 'ended' && (
          <>
            <p>{outcomeText(state.outcome, strings, echoUrl, Math.round(state.timeoutMs / 1000))}</p>
            {state.comparison !== null && (
              <p class="pg-run__verdict" data-same={String(state.comparison.same)}>
                {state.comparison.same
                  ? fill(strings['playground.run.same'], { count: format(state.comparison.nativeCount) })
                  : fill(strings['playground.run.different'], {
                      native: format(state.comparison.nativeCount),
                      parsed: format(state.comparison.parsedCount),
                      rows: format(state.comparison.differingRows),
                    })}
              </p>
            )}
            {state.comparison !== null && !state.comparison.same && (
              <p class="pg-run__explanation" data-deviation={state.deviation ?? 'none'}>
                {state.deviation !== null ? strings[`playground.run.deviation.${state.deviation}`] : strings['playground.run.unexplained']}
              </p>
            )}
            {state.text !== text && <p class="pg-note">{strings['playground.run.stale']}</p>}
          </>
        )}
      </div>
      {state.phase === 'ended' && state.outcome.kind === 'finished' && (
        // How a replay ends looks like a failure in EventSource's own terms; the
        // details are there for whoever wonders, out of the announced status.
        <details class="pg-run__details">
          <summary>{strings['playground.run.finished.summary']}</summary>
          <p>{strings['playground.run.finished.details']}</p>
        </details>
      )}
      {state.phase === 'ended' && state.comparison !== null && <ComparisonTable comparison={state.comparison} strings={strings} format={format} />}
    </div>
  );
}
