/**
 * Presets of the playground: one stream per rule of the event-stream format
 * and per common mistake. Guides link to them as `/playground/?preset=<id>`
 * (and `/de/playground/?preset=<id>`), so an id, once published, never
 * changes. Titles and one-line notes live in content/i18n/*.json under
 * `playground.preset.<id>.title` and `.note`.
 *
 * The streams here are the English pages'; preset-streams-de.ts holds the
 * German pages' where the data is words (presetStream() picks).
 *
 * Streams are written with explicit escapes (`\n`, `\r`, `\uFEFF`, `\u0000`)
 * so every byte that matters is visible here too.
 *
 * Two optional fields cover what text alone cannot say:
 * - `plan`: how "Run in this browser" cuts the bytes into chunks, for the
 *   presets that are about a line end or a character split between two
 *   network reads. A `?preset=` link restores it (url-state.ts).
 * - `sentBytes`: the bytes a server sent when they are not valid UTF-8. The
 *   editor holds text, so `stream` is what the browser's UTF-8 decoder makes
 *   of them (U+FFFD for every invalid sequence); a unit test keeps the two
 *   in step.
 */
import type { ChunkPlan } from './chunking.ts';
import { germanPresetStreams } from './preset-streams-de.ts';

interface PresetDefinition {
  id: string;
  stream: string;
  plan?: ChunkPlan;
  sentBytes?: Uint8Array;
}

/** A Latin-1 server writing "Grüße": ü and ß are the single bytes FC and DF, not UTF-8. */
const ascii = (text: string): number[] => [...new TextEncoder().encode(text)];
const latin1Greeting = Uint8Array.from([...ascii('data: Gr'), 0xfc, 0xdf, ...ascii('e\n\n')]);

export const presets = [
  { id: 'overview', stream: ': a comment, ignored\nevent: greeting\nid: 1\ndata: Hello\ndata: world\n\ndata: a message event\n\n' },
  { id: 'minimal-event', stream: 'data: Hello, world!\n\n' },
  { id: 'multi-line-data', stream: 'data: first line\ndata: second line\ndata: third line\n\n' },
  { id: 'named-event', stream: 'event: update\ndata: {"price": 42}\n\n' },
  { id: 'event-type-reset', stream: 'event: update\ndata: first\n\ndata: second\n\n' },
  { id: 'comment-heartbeat', stream: ': connected\n\ndata: first\n\n: heartbeat\n\n: heartbeat\n\ndata: second\n\n' },
  { id: 'space-after-colon', stream: 'data:no space\n\ndata: one space\n\ndata:  two spaces\n\n' },
  { id: 'field-without-colon', stream: 'data\n\ndata\ndata\n\n' },
  { id: 'last-event-id', stream: 'id: 1\ndata: first\n\ndata: still id 1\n\nid: 2\ndata: third\n\n' },
  { id: 'empty-id-resets', stream: 'id: 41\ndata: first\n\nid\ndata: no id any more\n\n' },
  { id: 'id-with-null', stream: 'id: 1\ndata: first\n\nid: 2\u00003\ndata: id stays 1\n\n' },
  { id: 'id-without-data', stream: 'id: 7\n\ndata: carries id 7\n\n' },
  { id: 'retry-valid', stream: 'retry: 10000\ndata: reconnect after 10 s\n\n' },
  { id: 'retry-with-unit', stream: 'retry: 5s\ndata: retry was ignored\n\n' },
  { id: 'unknown-field', stream: 'foo: bar\ndata: hello\n\n' },
  { id: 'field-names-case-sensitive', stream: 'Data: upper case\nEvent: X\nID: 5\n\ndata: lower case works\n\n' },
  { id: 'crlf-line-ends', stream: 'event: update\r\ndata: a\r\ndata: b\r\n\r\n' },
  { id: 'cr-line-ends', stream: 'event: update\rdata: a\rdata: b\r\rdata: c\r\r' },
  { id: 'mixed-line-ends', stream: 'data: a\rdata: b\r\ndata: c\n\r\ndata: d\r\r' },
  { id: 'bom-at-start', stream: '\uFEFFdata: first\n\n' },
  { id: 'second-bom-kept', stream: '\uFEFF\uFEFFdata: lost\n\ndata: kept\n\n' },
  { id: 'bom-then-line-end', stream: '\uFEFF\ndata: a\n\n' },
  { id: 'empty-data-not-dispatched', stream: 'event: update\nid: 3\n\ndata:\n\n' },
  { id: 'last-block-discarded', stream: 'data: dispatched\n\ndata: never dispatched\n' },
  { id: 'json-on-several-lines', stream: 'data: {\ndata:   "user": "ada",\ndata:   "roles": ["admin"]\ndata: }\n\n' },
  { id: 'missing-blank-line', stream: 'data: {"n": 1}\ndata: {"n": 2}\n\n' },
  { id: 'json-without-data-prefix', stream: 'data: {"user": "ada",\n"roles": ["admin"]}\n\n' },
  { id: 'empty-event-type', stream: 'event:\ndata: type message\n\nevent: update\ndata: type update\n\nevent\ndata: type message again\n\n' },
  { id: 'empty-retry', stream: 'retry: 10000\ndata: first\n\nretry:\ndata: reconnection time still 10000 ms\n\n' },
  { id: 'space-before-colon', stream: 'data : space before the colon\n\n data: space before the name\n\ndata: only this one counts\n\n' },
  { id: 'indented-lines', stream: '\n    event: update\n    data: {"n": 1}\n\n' },
  { id: 'last-line-without-line-end', stream: 'data: first\n\ndata: second\n\ndata: third, no line end' },
  { id: 'first-colon-splits', stream: 'data::x\n\ndata: https://example.com:8443/feed\n\nevent: a:b\ndata: type a:b\n\n' },
  {
    id: 'crlf-split-across-chunks',
    // Cut every 8 bytes: the first chunk ends with the CR of "data: a\r\n", the next starts with its LF.
    stream: 'data: a\r\ndata: b\r\n\r\n',
    plan: { mode: 'every', size: 8, delayMs: 500 },
  },
  {
    id: 'multi-byte-split-across-chunks',
    // Cut every 9 bytes: "data: Grü" ends after the first of ü's two bytes (C3 | BC).
    stream: 'data: Grüße\n\n',
    plan: { mode: 'every', size: 9, delayMs: 500 },
  },
  { id: 'invalid-utf-8', stream: 'data: Gr\uFFFD\uFFFDe\n\n', sentBytes: latin1Greeting },
  { id: 'event-name-trailing-space', stream: 'event: update \ndata: addEventListener("update") misses this\n\n' },
  { id: 'heartbeat-as-data', stream: 'data: ping\n\ndata: {"n": 1}\n\ndata: ping\n\n' },
  { id: 'retry-without-event', stream: 'retry: 2000\n' },
] as const satisfies readonly PresetDefinition[];

export type Preset = (typeof presets)[number];
export type PresetId = Preset['id'];

/** What the playground shows when the URL names no state and no preset. */
export const defaultPresetId: PresetId = 'overview';

export function presetById(id: string): Preset | undefined {
  return presets.find((preset) => preset.id === id);
}

/** A preset's stream as a page in `lang` shows it: German data on German pages where there is any. */
export function presetStream(preset: Preset, lang: string): string {
  return (lang === 'de' ? germanPresetStreams[preset.id] : undefined) ?? preset.stream;
}

/** The chunking a preset comes with, or undefined for the playground's default. */
export function presetPlan(preset: Preset): ChunkPlan | undefined {
  return 'plan' in preset ? preset.plan : undefined;
}
