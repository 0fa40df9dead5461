/**
 * The playground's whole state in its URL, so a link reproduces it:
 *
 * - `?preset=<id>` while the state is exactly a preset's (its stream, its
 *   chunking — the default unless the preset brings its own — and the
 *   default view) — the short, stable form guides link to;
 * - `?s=<base64url of UTF-8 JSON>` for anything else. JSON keys are one
 *   letter and defaults are left out, so a small stream makes a short link.
 *
 * Pure functions; the island calls them with `location.search` and writes
 * the result with `history.replaceState`.
 */
import { chunkModes, defaultChunkPlan, type ChunkPlan } from './chunking.ts';
import { presetById, presetPlan, presets, presetStream } from './presets.ts';

export const views = ['trace', 'events', 'run'] as const;
export type ViewId = (typeof views)[number];
export const defaultView: ViewId = 'trace';

export interface PlaygroundState {
  stream: string;
  plan: ChunkPlan;
  view: ViewId;
}

/**
 * Longest stream (in UTF-16 code units) that goes into a link. Longer ones
 * would make URLs of megabytes that browsers, chat tools and servers
 * truncate, and encoding them on every edit would block the main thread.
 */
export const maxLinkStreamLength = 50_000;

/** Whether a link can hold this stream (see maxLinkStreamLength). */
export function streamFitsInLink(stream: string): boolean {
  return stream.length <= maxLinkStreamLength;
}

/** The compact JSON form: s stream, m mode, n size, d delay, v view. */
interface Packed {
  s?: string;
  m?: string;
  n?: number;
  d?: number;
  v?: string;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  // In slices: String.fromCharCode with too many arguments overflows the stack.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(binary, (char) => char.charCodeAt(0));
  } catch {
    return null;
  }
}

/** Encodes a state for `?s=`; `includeStream: false` leaves the stream out (see maxLinkStreamLength). */
export function encodeState(state: PlaygroundState, includeStream = true): string {
  const packed: Packed = {};
  if (includeStream && state.stream !== '') packed.s = state.stream;
  if (state.plan.mode !== defaultChunkPlan.mode) packed.m = state.plan.mode;
  if (state.plan.size !== defaultChunkPlan.size) packed.n = state.plan.size;
  if (state.plan.delayMs !== defaultChunkPlan.delayMs) packed.d = state.plan.delayMs;
  if (state.view !== defaultView) packed.v = state.view;
  return toBase64Url(new TextEncoder().encode(JSON.stringify(packed)));
}

function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}

function nonNegativeInteger(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : fallback;
}

/** Decodes `?s=`; anything malformed gives null (the caller falls back to the default state). */
export function decodeState(param: string): PlaygroundState | null {
  const bytes = fromBase64Url(param);
  if (bytes === null) return null;
  let packed: unknown;
  try {
    packed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return null;
  }
  if (typeof packed !== 'object' || packed === null || Array.isArray(packed)) return null;
  const { s, m, n, d, v } = packed as Record<string, unknown>;
  return {
    stream: typeof s === 'string' ? s : '',
    plan: {
      mode: isOneOf(chunkModes, m) ? m : defaultChunkPlan.mode,
      size: Math.max(1, nonNegativeInteger(n, defaultChunkPlan.size)),
      delayMs: nonNegativeInteger(d, defaultChunkPlan.delayMs),
    },
    view: isOneOf(views, v) ? v : defaultView,
  };
}

/** The state a preset link stands for: its stream, with its own chunking if it has one. */
export function presetState(stream: string, plan: ChunkPlan = defaultChunkPlan): PlaygroundState {
  return { stream, plan: { ...plan }, view: defaultView };
}

function isPresetState(state: PlaygroundState, presetId: string | null, lang: string): boolean {
  const preset = presetId === null ? undefined : presetById(presetId);
  if (preset === undefined) return false;
  const plain = presetState(presetStream(preset, lang), presetPlan(preset));
  return (
    state.stream === plain.stream &&
    state.view === plain.view &&
    state.plan.mode === plain.plan.mode &&
    state.plan.size === plain.plan.size &&
    state.plan.delayMs === plain.plan.delayMs
  );
}

/**
 * The query string for a state: `?preset=<id>` when the state is still that
 * preset's, otherwise `?s=…`. `streamInLink` is false when the stream is too
 * long for a link.
 */
export function stateToSearch(state: PlaygroundState, presetId: string | null, lang = 'en'): { search: string; streamInLink: boolean } {
  if (isPresetState(state, presetId, lang)) return { search: `?preset=${presetId}`, streamInLink: true };
  const streamInLink = streamFitsInLink(state.stream);
  return { search: `?s=${encodeState(state, streamInLink)}`, streamInLink };
}

/**
 * Reads the state from a query string: `?s=` wins over `?preset=`. Returns
 * null when the URL names neither (or only things that do not exist).
 */
export function stateFromSearch(search: string, lang = 'en'): { state: PlaygroundState; presetId: string | null } | null {
  const params = new URLSearchParams(search);
  const packed = params.get('s');
  if (packed !== null) {
    const state = decodeState(packed);
    // A stream that is still a preset's keeps its note on screen.
    if (state !== null) return { state, presetId: presets.find((preset) => presetStream(preset, lang) === state.stream)?.id ?? null };
  }
  const preset = presetById(params.get('preset') ?? '');
  if (preset !== undefined) return { state: presetState(presetStream(preset, lang), presetPlan(preset)), presetId: preset.id };
  return null;
}
