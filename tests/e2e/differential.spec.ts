import type { Page } from '@playwright/test';
import { chunksAt, splitOffsets } from '../../src/components/playground/model/chunking.ts';
import { explainDeviation } from '../../src/components/playground/model/compare.ts';
import { presetPlan, presets } from '../../src/components/playground/model/presets.ts';
import { parseEventStream, type SseEvent } from '../../src/lib/sse/parser.ts';
import { caseBytes, parserCases, type ParserCase } from '../unit/lib/sse/parser-cases.ts';
import { expect, test } from './fixtures.ts';

/**
 * Differential test: every conformance case, and every playground preset
 * with its own bytes and chunking, goes byte for byte through the echo
 * endpoint into Chromium's own EventSource, and what Chromium dispatches is
 * compared with what our parser dispatches for the same bytes.
 *
 * Where Chromium deviates from the standard in a way a page can see (the
 * events), the case is listed here: our parser keeps the standard's result,
 * and this test insists that Chromium still differs, so a fixed Chromium
 * shows up as a failure asking to update the note.
 */
const deviationsVisibleInEvents = new Set([
  'treats an LF right after the BOM as a line end',
  'treats a CR right after the BOM as a line end',
]);

interface NativeRun {
  events: SseEvent[];
  outcome: 'ended' | 'refused' | 'timeout';
}

/** The byte offsets between a case's chunks, for the echo's `splits`. */
function splitsOf(c: ParserCase): number[] {
  const splits: number[] = [];
  let offset = 0;
  for (const chunk of (c.chunks ?? []).slice(0, -1)) {
    offset += chunk.byteLength;
    if (offset > 0) splits.push(offset);
  }
  return splits;
}

/** Every event type the stream could dispatch: EventSource only reports types someone listens to. */
function possibleTypes(bytes: Uint8Array): string[] {
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  const types = new Set(['message']);
  for (const match of text.matchAll(/(?:^|[\r\n])\uFEFF?event(?::(?: ?)([^\r\n]*))?(?=[\r\n]|$)/g)) types.add(match[1] ?? '');
  return [...types].filter((type) => type !== '');
}

/**
 * Plays `bytes` through the echo endpoint, cut at `splits`, to Chromium's own
 * EventSource and collects what it dispatches.
 */
async function runInChromium(page: Page, bytes: Uint8Array, splits: number[]): Promise<NativeRun> {
  return page.evaluate(
    async ({ streamBase64, splits, types }): Promise<NativeRun> => {
      const created = await fetch('/api/sse/echo', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ streamBase64, splits, delayMs: splits.length > 0 ? 30 : 0 }),
      });
      if (created.status !== 201) throw new Error(`echo refused the stream: ${await created.text()}`);
      const { url } = (await created.json()) as { url: string };
      return new Promise<NativeRun>((resolve) => {
        const events: SseEvent[] = [];
        const source = new EventSource(url);
        const finish = (outcome: NativeRun['outcome']): void => {
          source.close();
          clearTimeout(timer);
          resolve({ events, outcome });
        };
        const timer = setTimeout(() => finish('timeout'), 5000);
        for (const type of types) {
          source.addEventListener(type, (event) => {
            const { data, lastEventId } = event as MessageEvent<string>;
            events.push({ type, data, lastEventId });
          });
        }
        // The replay ends after the last byte: EventSource reports an error
        // and would reconnect (and get 204). Everything was dispatched by then.
        source.onerror = () => finish(source.readyState === EventSource.CLOSED ? 'refused' : 'ended');
      });
    },
    { streamBase64: Buffer.from(bytes).toString('base64'), splits, types: possibleTypes(bytes) },
  );
}

test.describe.configure({ mode: 'serial' });

test('Chromium’s EventSource dispatches what the parser dispatches, except for the recorded deviations', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/');
  for (const name of deviationsVisibleInEvents) {
    expect(parserCases.find((c) => c.name === name)?.chromiumDeviation, name).toBeTruthy();
  }

  const mismatches: string[] = [];
  for (const c of parserCases) {
    const bytes = caseBytes(c);
    const ours = parseEventStream(c.chunks ?? [bytes]);
    expect(ours.events, `parser vs. the standard: ${c.name}`).toEqual(c.expected.events);

    const native = await runInChromium(page, bytes, splitsOf(c));
    expect(native.outcome, c.name).toBe('ended');

    const differs = JSON.stringify(native.events) !== JSON.stringify(ours.events);
    if (differs !== deviationsVisibleInEvents.has(c.name)) {
      mismatches.push(`${c.name}\n  Chromium: ${JSON.stringify(native.events)}\n  parser:   ${JSON.stringify(ours.events)}`);
    }
  }
  expect(mismatches, 'cases where Chromium and the parser disagree unexpectedly (or a recorded deviation is gone)').toEqual([]);
});

test('Chromium’s EventSource dispatches what the playground shows for every preset, played with the preset’s own bytes and chunking', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/');
  const mismatches: string[] = [];
  for (const preset of presets) {
    const bytes = 'sentBytes' in preset ? preset.sentBytes : new TextEncoder().encode(preset.stream);
    const plan = presetPlan(preset);
    const splits = plan === undefined ? [] : splitOffsets(bytes, plan);
    // What the playground shows is the parse of the editor's text.
    const shown = parseEventStream(preset.stream).events;
    expect(parseEventStream(chunksAt(bytes, splits)).events, `bytes and text of ${preset.id} parse alike`).toEqual(shown);

    const native = await runInChromium(page, bytes, splits);
    expect(native.outcome, preset.id).toBe('ended');
    const same = JSON.stringify(native.events) === JSON.stringify(shown);
    if (!same && explainDeviation(preset.stream, native.events) === null) {
      mismatches.push(`${preset.id}\n  Chromium: ${JSON.stringify(native.events)}\n  parser:   ${JSON.stringify(shown)}`);
    }
  }
  expect(mismatches, 'presets where Chromium and the playground disagree without a known deviation').toEqual([]);
});
