import { describe, expect, it } from 'vitest';
import type { SseEvent } from '../../../../../src/lib/sse/parser.ts';
import { compareEvents, explainDeviation } from '../../../../../src/components/playground/model/compare.ts';
import { parserCases } from '../../../lib/sse/parser-cases.ts';

const msg = (data: string, lastEventId = '', type = 'message'): SseEvent => ({ type, data, lastEventId });

describe('playground compare', () => {
  it('finds no difference between equal event lists', () => {
    const events = [msg('a', '1'), msg('b', '1', 'update')];
    const result = compareEvents(events, events.map((event) => ({ ...event })));
    expect(result.same).toBe(true);
    expect(result.differingRows).toBe(0);
    expect(result.rows.map((row) => row.differences)).toEqual([[], []]);
  });

  it('names each differing field of a row', () => {
    const result = compareEvents([msg('a', '1', 'x')], [msg('b', '2', 'y')]);
    expect(result.same).toBe(false);
    expect(result.rows[0]?.differences).toEqual(['type', 'data', 'lastEventId']);
  });

  it('marks rows that exist on one side only when the counts differ', () => {
    const moreNative = compareEvents([msg('a'), msg('b')], [msg('a')]);
    expect(moreNative).toMatchObject({ nativeCount: 2, parsedCount: 1, differingRows: 1, same: false });
    expect(moreNative.rows.map((row) => row.differences)).toEqual([[], ['only-native']]);

    const moreParsed = compareEvents([], [msg('a')]);
    expect(moreParsed.rows).toEqual([{ index: 0, native: undefined, parsed: msg('a'), differences: ['only-parsed'] }]);
  });

  it('treats two empty lists as the same', () => {
    expect(compareEvents([], [])).toEqual({ rows: [], nativeCount: 0, parsedCount: 0, differingRows: 0, same: true });
  });

  it('explains the BOM + line end deviation only when the native events are what Chromium gives', () => {
    // What Chromium dispatches for "\uFEFF\ndata: a\n\n": nothing (see parser-cases.ts).
    expect(explainDeviation('\uFEFF\ndata: a\n\n', [])).toBe('bom-line-end');
    expect(explainDeviation('\uFEFF\rdata: a\r\r', [])).toBe('bom-line-end');
    // A later block is read alike by both, so Chromium still dispatches it.
    expect(explainDeviation('\uFEFF\ndata: a\n\ndata: b\n\n', [msg('b')])).toBe('bom-line-end');
    // Native results that do not match Chromium's documented reading stay unexplained.
    expect(explainDeviation('\uFEFF\ndata: a\n\n', [msg('other')])).toBeNull();
    expect(explainDeviation('data: a\n\n', [])).toBeNull();
    expect(explainDeviation('\uFEFFdata: a\n\n', [])).toBeNull();
  });

  it('explains every conformance case that documents a Chromium deviation in events', () => {
    for (const c of parserCases) {
      if (c.chromiumDeviation === undefined || typeof c.input !== 'string' || !c.chromiumDeviation.includes('no event')) continue;
      expect(explainDeviation(c.input, []), c.name).toBe('bom-line-end');
    }
  });
});
