import { describe, expect, it } from 'vitest';
import { needsLegend, quotedValue, visibleStream } from '../../../../src/components/protocol/visible-stream.ts';

describe('example streams on the protocol pages', () => {
  it('show an LF-only stream as plain lines, with its blank lines', () => {
    expect(visibleStream('data: a\n\ndata: b\n\n')).toBe('data: a\n\ndata: b\n');
    expect(needsLegend('data: a\n\n')).toBe(false);
  });

  it('spell out every line end once the stream contains a CR, so CRLF, CR and LF differ', () => {
    expect(visibleStream('data: a\rdata: b\r\ndata: c\n\r\n')).toBe('data: a\\r\ndata: b\\r\\n\ndata: c\\n\n\\r\\n');
    expect(needsLegend('data: a\r\n')).toBe(true);
  });

  it('keep a last line that has no line end', () => {
    expect(visibleStream('data: a\n\ndata: b')).toBe('data: a\n\ndata: b');
  });

  it('make a BOM, NUL, a tab, U+FFFD and trailing spaces visible', () => {
    expect(visibleStream('\uFEFFid: 1\u00002\ndata:\tx\uFFFD\nevent: update  \n\n')).toBe(
      '\\uFEFFid: 1\\02\ndata:\\tx\\uFFFD\nevent: update··\n',
    );
    expect(needsLegend('event: update \n\n')).toBe(true);
    expect(needsLegend('data: Gr\uFFFDe\n\n')).toBe(true);
  });

  it('quote values with the same escapes', () => {
    expect(quotedValue('a\nb\uFFFD')).toBe('"a\\nb\\uFFFD"');
  });
});
