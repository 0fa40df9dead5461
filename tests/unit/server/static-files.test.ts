import { describe, expect, it } from 'vitest';
import { chooseEncoding } from '../../../src/server/static-files.ts';

describe('choosing a content encoding from Accept-Encoding', () => {
  const all = ['identity', 'br', 'gzip'] as const;
  it.each([
    [undefined, 'identity'],
    ['', 'identity'],
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip', 'gzip'],
    ['gzip;q=1.0, br;q=0.5', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['*', 'br'],
    ['*;q=0.5, gzip;q=0.8', 'gzip'],
    ['br;q=0, gzip;q=0', 'identity'],
    ['BR', 'br'],
    ['br;q=abc', 'br'],
  ])('%j -> %s', (header, expected) => {
    expect(chooseEncoding(header, all)).toBe(expected);
  });

  it('only picks an encoding the file has', () => {
    expect(chooseEncoding('br, gzip', ['identity', 'gzip'])).toBe('gzip');
    expect(chooseEncoding('br', ['identity'])).toBe('identity');
  });
});
