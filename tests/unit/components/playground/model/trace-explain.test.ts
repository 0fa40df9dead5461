import { describe, expect, it } from 'vitest';
import { parseEventStream } from '../../../../../src/lib/sse/parser.ts';
import { analyzeStream, clip, displayLimits } from '../../../../../src/components/playground/model/analysis.ts';
import { explainTraceEntry, quotable } from '../../../../../src/components/playground/model/trace-explain.ts';

const explain = (stream: string) => parseEventStream(stream, { trace: true }).trace.map((entry) => explainTraceEntry(entry));

describe('playground trace explanations', () => {
  it('names the mistake behind an ignored field', () => {
    // The BOM is not at the start of the stream, so it is not stripped.
    expect(explain('Data: a\n data: b\n\uFEFFdata: c\n"more": 1\nfoo: 2\n').map((entry) => entry.key)).toEqual([
      'playground.trace.unknown-field-ignored.case',
      'playground.trace.unknown-field-ignored.spaces',
      'playground.trace.unknown-field-ignored.bom',
      'playground.trace.unknown-field-ignored.no-prefix',
      'playground.trace.unknown-field-ignored',
    ]);
    expect(explain('Data: a\n')[0]?.values).toEqual({ field: 'Data', known: 'data' });
  });

  it('says when a block never got its blank line', () => {
    expect(explain('\uFEFFdata: a\n').map((entry) => entry.key)).toEqual([
      'playground.trace.bom-stripped',
      'playground.trace.data-appended',
      'playground.trace.discarded-at-end',
    ]);
  });

  it('tells data lines apart by colon and spaces', () => {
    expect(explain('data\ndata:  x\ndata:y\n\n').map((entry) => entry.key)).toEqual([
      'playground.trace.data-appended.no-colon',
      'playground.trace.data-appended.extra-space',
      'playground.trace.data-appended',
      'playground.trace.dispatched.no-id',
    ]);
  });

  it('explains ids, retries, dispatch and the end of the stream', () => {
    expect(explain('id: 1\nid\nid: a\u0000b\nretry: 5s\nretry:\nretry: 10\nevent\n\nevent: x\n\ndata: a').map((entry) => entry.key)).toEqual([
      'playground.trace.id-set',
      'playground.trace.id-reset',
      'playground.trace.id-ignored-null',
      'playground.trace.retry-ignored-not-digits',
      'playground.trace.retry-ignored-empty',
      'playground.trace.retry-set',
      'playground.trace.event-type-set.empty',
      // The id was reset to empty by the bare "id" line (the one with NUL was ignored).
      'playground.trace.dispatch-skipped-empty-data.no-id',
      'playground.trace.event-type-set',
      'playground.trace.dispatch-skipped-empty-data.no-id',
      'playground.trace.discarded-at-end.line',
    ]);
  });

  it('quotes the last event ID when there is one', () => {
    expect(explain('id: 7\n\n')[1]).toEqual({ key: 'playground.trace.dispatch-skipped-empty-data', values: { id: '7' } });
    expect(explain('id: 8\ndata: a\n\n')[2]).toEqual({ key: 'playground.trace.dispatched', values: { type: 'message', id: '8' } });
  });

  it('quotes values as plain, visible, bounded text', () => {
    expect(quotable('a\u0000b\r\t\uFEFF\u007f')).toBe('a<NUL>b<CR><TAB><BOM><DEL>');
    expect(quotable('x'.repeat(100))).toBe(`${'x'.repeat(60)}…`);
  });

  it('clips long text without splitting a surrogate pair', () => {
    expect(clip('ab😀', 3)).toBe('ab…');
    expect(clip('abc', 3)).toBe('abc');
  });

  it('keeps at most the display limits of rows and events but counts them all', () => {
    const stream = 'data: x\n\n'.repeat(displayLimits.maxEvents + 10);
    const analysis = analyzeStream(stream);
    expect(analysis.eventTotal).toBe(displayLimits.maxEvents + 10);
    expect(analysis.events).toHaveLength(displayLimits.maxEvents);
    expect(analysis.traceTotal).toBe(2 * (displayLimits.maxEvents + 10));
    expect(analysis.trace).toHaveLength(displayLimits.maxRows);
  });
});
