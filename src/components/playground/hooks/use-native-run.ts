/**
 * "Run in this browser" as a hook: starts a replay on the echo endpoint,
 * counts what arrives and, at the end, compares the browser's events with our
 * parser's. Its state lives in the island (not in RunPanel, which only shows
 * it), so a run under way survives switching tabs.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { parseEventStream } from '../../../lib/sse/parser.ts';
import { eventTypesToListen, runNative, type NativeRunOutcome } from '../browser/native-run.ts';
import { checkPlan, chunksAt, type ChunkPlan } from '../model/chunking.ts';
import { compareEvents, explainDeviation, type Comparison, type KnownDeviation } from '../model/compare.ts';

export type RunState =
  | { phase: 'idle' }
  | { phase: 'running'; text: string; received: number }
  | {
      phase: 'ended';
      text: string;
      outcome: NativeRunOutcome;
      timeoutMs: number;
      comparison: Comparison | null;
      deviation: KnownDeviation | null;
    };

/** How long a run may take beyond its planned duration before the page gives up. */
const timeoutMarginMs = 10_000;

export function useNativeRun(echoUrl: string) {
  const [state, setState] = useState<RunState>({ phase: 'idle' });
  const abortRef = useRef<AbortController | null>(null);
  useEffect(() => () => abortRef.current?.abort(), []);

  async function start(text: string, plan: ChunkPlan): Promise<void> {
    const bytes = new TextEncoder().encode(text);
    const check = checkPlan(bytes, plan);
    if (!check.ok) return;
    // Our parser gets the very chunks the endpoint will send.
    const parsed = parseEventStream(chunksAt(bytes, check.splits)).events;
    const controller = new AbortController();
    abortRef.current = controller;
    setState({ phase: 'running', text, received: 0 });
    let received = 0;
    const timeoutMs = check.durationMs + timeoutMarginMs;
    const outcome = await runNative({
      echoUrl,
      bytes,
      splits: check.splits,
      delayMs: plan.delayMs,
      types: eventTypesToListen(text, parsed),
      timeoutMs,
      signal: controller.signal,
      onEvent: () => setState({ phase: 'running', text, received: ++received }),
    });
    abortRef.current = null;
    let comparison: Comparison | null = null;
    let deviation: KnownDeviation | null = null;
    // Only a replay that played (to its end or to the time limit) has events worth comparing.
    if (outcome.kind === 'finished' || outcome.kind === 'timeout') {
      comparison = compareEvents(outcome.events, parsed);
      if (!comparison.same) deviation = explainDeviation(text, outcome.events);
    }
    setState({ phase: 'ended', text, outcome, timeoutMs, comparison, deviation });
  }

  return { state, start, stop: () => abortRef.current?.abort() };
}

export type NativeRun = ReturnType<typeof useNativeRun>;
