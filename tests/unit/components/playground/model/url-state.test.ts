import { describe, expect, it } from 'vitest';
import {
  decodeState,
  encodeState,
  maxLinkStreamLength,
  presetState,
  stateFromSearch,
  stateToSearch,
  streamFitsInLink,
  type PlaygroundState,
} from '../../../../../src/components/playground/model/url-state.ts';
import { presetById } from '../../../../../src/components/playground/model/presets.ts';

const state = (more: Partial<PlaygroundState> = {}): PlaygroundState => ({
  stream: 'data: a\n\n',
  plan: { mode: 'whole', size: 16, delayMs: 0 },
  view: 'trace',
  ...more,
});

describe('playground URL state', () => {
  it('round-trips every character of a stream, CR, BOM, NUL, non-ASCII and markup included', () => {
    const tricky = state({
      stream: '\uFEFFdata: a\r\ndata: b\rid: 1\u00002\n: ü € 😀 <img src=x onerror=alert(1)>\n\n',
      plan: { mode: 'every', size: 3, delayMs: 250 },
      view: 'run',
    });
    const { search } = stateToSearch(tricky, null);
    expect(search).toMatch(/^\?s=[A-Za-z0-9_-]+$/);
    expect(stateFromSearch(search)).toEqual({ state: tricky, presetId: null });
  });

  it('keeps the encoding URL-safe and short for defaults', () => {
    const encoded = encodeState(state({ stream: '' }));
    expect(encoded).toBe('e30'); // "{}"
    expect(decodeState(encoded)).toEqual(state({ stream: '' }));
  });

  it('links to a preset by id while the state is still that preset', () => {
    const preset = presetById('named-event')!;
    expect(stateToSearch(presetState(preset.stream), 'named-event')).toEqual({ search: '?preset=named-event', streamInLink: true });
    expect(stateFromSearch('?preset=named-event')).toEqual({ state: presetState(preset.stream), presetId: 'named-event' });
  });

  it('restores the chunking a preset brings along, and links to it by id while it is unchanged', () => {
    const preset = presetById('crlf-split-across-chunks')!;
    const loaded = stateFromSearch('?preset=crlf-split-across-chunks');
    expect(loaded?.state.plan).toEqual({ mode: 'every', size: 8, delayMs: 500 });
    expect(stateToSearch(loaded!.state, preset.id).search).toBe('?preset=crlf-split-across-chunks');
    // The same stream cut the default way is no longer the preset.
    expect(stateToSearch(presetState(preset.stream), preset.id).search).toMatch(/^\?s=/);
  });

  it('switches to ?s= once the preset was edited or the view or chunking changed', () => {
    const preset = presetById('named-event')!;
    expect(stateToSearch({ ...presetState(preset.stream), stream: `${preset.stream}x` }, 'named-event').search).toMatch(/^\?s=/);
    const otherView = stateToSearch({ ...presetState(preset.stream), view: 'events' }, 'named-event').search;
    expect(otherView).toMatch(/^\?s=/);
    // Read back, the stream is still recognized as the preset's.
    expect(stateFromSearch(otherView)?.presetId).toBe('named-event');
    const delayed = { ...presetState(preset.stream), plan: { mode: 'whole' as const, size: 16, delayMs: 5 } };
    expect(stateToSearch(delayed, 'named-event').search).toMatch(/^\?s=/);
  });

  it('lets ?s= win over ?preset= and ignores what it cannot read', () => {
    const { search } = stateToSearch(state({ stream: 'data: mine\n\n' }), null);
    expect(stateFromSearch(`${search}&preset=named-event`)?.state.stream).toBe('data: mine\n\n');
    expect(stateFromSearch('?s=not*base64&preset=named-event')?.presetId).toBe('named-event');
    expect(stateFromSearch('?preset=no-such-preset')).toBeNull();
    expect(stateFromSearch('')).toBeNull();
    expect(decodeState('bm90IGpzb24')).toBeNull(); // "not json"
    expect(decodeState('WzFd')).toBeNull(); // "[1]"
  });

  it('falls back to defaults for unknown or malformed values', () => {
    const packed = btoa(JSON.stringify({ s: 'x', m: 'sideways', n: -3, d: 1.5, v: 'elsewhere' })).replace(/=+$/, '');
    expect(decodeState(packed)).toEqual(state({ stream: 'x' }));
  });

  it('leaves a stream that is too long for a link out of it', () => {
    const long = state({ stream: 'x'.repeat(maxLinkStreamLength + 1), view: 'events' });
    const { search, streamInLink } = stateToSearch(long, null);
    expect(streamInLink).toBe(false);
    expect(stateFromSearch(search)?.state).toEqual(state({ stream: '', view: 'events' }));
  });

  it('tells the page exactly when a stream stops fitting in a link (the page shows a notice then)', () => {
    const atLimit = 'x'.repeat(maxLinkStreamLength);
    expect(streamFitsInLink(atLimit)).toBe(true);
    expect(stateToSearch(state({ stream: atLimit }), null).streamInLink).toBe(true);
    expect(streamFitsInLink(`${atLimit}x`)).toBe(false);
    expect(stateToSearch(state({ stream: `${atLimit}x` }), null).streamInLink).toBe(false);
  });
});
