import { describe, expect, it } from 'vitest';
import { checkPlan, chunksAt, echoClientLimits, splitOffsets, type ChunkPlan } from '../../../../../src/components/playground/model/chunking.ts';
import { echoLimits } from '../../../../../src/server/demos/echo.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const plan = (more: Partial<ChunkPlan>): ChunkPlan => ({ mode: 'whole', size: 16, delayMs: 0, ...more });

describe('playground chunking', () => {
  it('mirrors the echo endpoint limits', () => {
    expect(echoClientLimits).toEqual({
      maxStreamBytes: echoLimits.maxStreamBytes,
      maxDelayMs: echoLimits.maxDelayMs,
      maxTotalMs: echoLimits.maxTotalMs,
    });
  });

  it('sends the whole stream as one chunk', () => {
    expect(splitOffsets(bytes('data: a\n\n'), plan({ mode: 'whole' }))).toEqual([]);
  });

  it('cuts every N bytes, counting bytes of the UTF-8 encoding, not characters', () => {
    // "ü" is two bytes, "€" three: the offsets fall inside them on purpose.
    const stream = bytes('data: ü€\n\n');
    expect(stream.length).toBe(13);
    expect(splitOffsets(stream, plan({ mode: 'every', size: 4 }))).toEqual([4, 8, 12]);
    expect(splitOffsets(stream, plan({ mode: 'every', size: 13 }))).toEqual([]);
  });

  it('cuts after each LF, CRLF and lone CR, keeping CRLF together, and never at the very end', () => {
    const stream = bytes('a\rb\r\nc\n\n');
    expect(splitOffsets(stream, plan({ mode: 'lines' }))).toEqual([2, 5, 7]);
    expect(splitOffsets(bytes('no line end'), plan({ mode: 'lines' }))).toEqual([]);
    expect(splitOffsets(bytes('a\r'), plan({ mode: 'lines' }))).toEqual([]);
  });

  it('cuts between every byte', () => {
    expect(splitOffsets(bytes('abcd'), plan({ mode: 'bytes' }))).toEqual([1, 2, 3]);
    expect(splitOffsets(bytes(''), plan({ mode: 'bytes' }))).toEqual([]);
  });

  it('turns offsets into chunks that add up to the stream', () => {
    const stream = bytes('data: a\r\n\r\n');
    const chunks = chunksAt(stream, splitOffsets(stream, plan({ mode: 'lines' })));
    expect(chunks.map((chunk) => new TextDecoder().decode(chunk))).toEqual(['data: a\r\n', '\r\n']);
  });

  it('accepts a plan within the limits and says how long it takes', () => {
    const result = checkPlan(bytes('data: a\n\n'), plan({ mode: 'bytes', delayMs: 100 }));
    expect(result).toEqual({ ok: true, splits: [1, 2, 3, 4, 5, 6, 7, 8], chunks: 9, durationMs: 800 });
  });

  it('refuses a stream over 64 KiB', () => {
    const result = checkPlan(new Uint8Array(64 * 1024 + 1), plan({}));
    expect(result).toEqual({ ok: false, problem: { code: 'too-large', bytes: 65537, limit: 65536 } });
    expect(checkPlan(new Uint8Array(64 * 1024), plan({})).ok).toBe(true);
  });

  it('refuses a bad chunk size or delay', () => {
    expect(checkPlan(bytes('abc'), plan({ mode: 'every', size: 0 }))).toEqual({ ok: false, problem: { code: 'bad-size' } });
    expect(checkPlan(bytes('abc'), plan({ mode: 'every', size: Number.NaN }))).toEqual({ ok: false, problem: { code: 'bad-size' } });
    expect(checkPlan(bytes('abc'), plan({ mode: 'every', size: 1.5 }))).toEqual({ ok: false, problem: { code: 'bad-size' } });
    // The size only matters in "every" mode.
    expect(checkPlan(bytes('abc'), plan({ mode: 'whole', size: 0 })).ok).toBe(true);
    expect(checkPlan(bytes('abc'), plan({ delayMs: -1 }))).toEqual({ ok: false, problem: { code: 'bad-delay' } });
    expect(checkPlan(bytes('abc'), plan({ delayMs: 2001 }))).toEqual({
      ok: false,
      problem: { code: 'delay-too-long', delayMs: 2001, limit: 2000 },
    });
  });

  it('refuses a plan that would run longer than 20 s, counting at least 1 ms per chunk', () => {
    // 100 gaps of 200 ms are exactly the limit; one more byte is over it.
    expect(checkPlan(new Uint8Array(101), plan({ mode: 'bytes', delayMs: 200 })).ok).toBe(true);
    expect(checkPlan(new Uint8Array(102), plan({ mode: 'bytes', delayMs: 200 }))).toEqual({
      ok: false,
      problem: { code: 'too-slow', chunks: 102, durationMs: 20_200, limit: 20_000 },
    });
    // One byte at a time without delay: allowed up to 20 001 bytes, not for 64 KiB.
    expect(checkPlan(new Uint8Array(20_001), plan({ mode: 'bytes' })).ok).toBe(true);
    expect(checkPlan(new Uint8Array(20_002), plan({ mode: 'bytes' })).ok).toBe(false);
  });
});
