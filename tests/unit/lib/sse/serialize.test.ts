import { describe, expect, it } from 'vitest';
import { SseFormatError, serializeComment, serializeEvent } from '../../../../src/lib/sse/serialize.ts';

describe('serializeEvent', () => {
  it('writes a data-only event ending in a blank line', () => {
    expect(serializeEvent({ data: 'hello' })).toBe('data: hello\n\n');
  });

  it('splits multi-line data into one data line per line, for every kind of line end', () => {
    expect(serializeEvent({ data: 'a\nb\r\nc\rd' })).toBe('data: a\ndata: b\ndata: c\ndata: d\n\n');
  });

  it('keeps empty data lines, so the client rebuilds the same text', () => {
    expect(serializeEvent({ data: '' })).toBe('data: \n\n');
    expect(serializeEvent({ data: 'a\n\nb' })).toBe('data: a\ndata: \ndata: b\n\n');
  });

  it('writes comment, event, id and retry before the data', () => {
    expect(serializeEvent({ comment: 'note', event: 'update', id: '42', retry: 3000, data: '{"x":1}' })).toBe(
      ': note\nevent: update\nid: 42\nretry: 3000\ndata: {"x":1}\n\n',
    );
  });

  it('keeps a leading space of the data, since the client strips exactly one', () => {
    expect(serializeEvent({ data: ' indented' })).toBe('data:  indented\n\n');
  });

  it.each([
    ['event', { event: 'a\nb', data: 'x' }],
    ['event', { event: 'a\rb', data: 'x' }],
    ['id', { id: '1\r\n2', data: 'x' }],
  ] as const)('rejects CR or LF in the %s field instead of corrupting the stream', (field, message) => {
    expect(() => serializeEvent(message)).toThrow(SseFormatError);
    expect(() => serializeEvent(message)).toThrow(`"${field}"`);
  });

  it('rejects an id containing NULL, which clients would ignore', () => {
    expect(() => serializeEvent({ id: 'a\0b', data: 'x' })).toThrow(/U\+0000/);
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects retry %s', (retry) => {
    expect(() => serializeEvent({ retry, data: 'x' })).toThrow(/retry/);
  });
});

describe('serializeComment', () => {
  it('prefixes every line with a colon', () => {
    expect(serializeComment('ping')).toBe(': ping\n');
    expect(serializeComment('a\nb')).toBe(': a\n: b\n');
    expect(serializeComment('')).toBe(':\n');
  });
});
