/**
 * Picks the one-line explanation of a trace entry: an i18n key under
 * `playground.trace.` plus the values for its `{placeholders}`. Most actions
 * have one text; some have variants for the mistakes behind them (a field
 * name in the wrong case, a second space after the colon, JSON continued on a
 * line without `data:` …). Pure: runs in the parse worker.
 */
import type { TraceEntry } from '../../../lib/sse/parser.ts';
import { charName, namedChar } from './char-names.ts';

export const traceExplanationKeys = [
  'playground.trace.bom-stripped',
  'playground.trace.comment',
  'playground.trace.data-appended',
  'playground.trace.data-appended.no-colon',
  'playground.trace.data-appended.extra-space',
  'playground.trace.event-type-set',
  'playground.trace.event-type-set.empty',
  'playground.trace.id-set',
  'playground.trace.id-reset',
  'playground.trace.id-ignored-null',
  'playground.trace.retry-set',
  'playground.trace.retry-ignored-empty',
  'playground.trace.retry-ignored-not-digits',
  'playground.trace.unknown-field-ignored',
  'playground.trace.unknown-field-ignored.case',
  'playground.trace.unknown-field-ignored.spaces',
  'playground.trace.unknown-field-ignored.bom',
  'playground.trace.unknown-field-ignored.no-prefix',
  'playground.trace.dispatched',
  'playground.trace.dispatched.no-id',
  'playground.trace.dispatch-skipped-empty-data',
  'playground.trace.dispatch-skipped-empty-data.no-id',
  'playground.trace.discarded-at-end',
  'playground.trace.discarded-at-end.line',
] as const;

export type TraceExplanationKey = (typeof traceExplanationKeys)[number];

export interface Explanation {
  key: TraceExplanationKey;
  values: Record<string, string | number>;
}

const knownFields = ['data', 'event', 'id', 'retry'];

/** Longest value quoted inside an explanation; the table's own columns show it whole. */
const maxQuoted = 60;

/**
 * A value as it can be quoted inside a sentence: invisible characters become
 * their names in angle brackets ("<CR>", "<NUL>", "<BOM>"), and long values
 * are cut. The explanation is plain text, so nothing here can become markup.
 */
export function quotable(value: string): string {
  const text = value.length > maxQuoted ? `${value.slice(0, maxQuoted)}…` : value;
  return text.replace(new RegExp(namedChar.source, 'g'), (char) => `<${charName(char)}>`);
}

function explainUnknownField(field: string): Explanation {
  if (field.startsWith('\uFEFF')) return { key: 'playground.trace.unknown-field-ignored.bom', values: { field: quotable(field) } };
  const trimmed = field.trim();
  if (trimmed !== field && knownFields.includes(trimmed)) {
    return { key: 'playground.trace.unknown-field-ignored.spaces', values: { field: quotable(field), known: trimmed } };
  }
  const lower = field.toLowerCase();
  if (knownFields.includes(lower)) {
    return { key: 'playground.trace.unknown-field-ignored.case', values: { field: quotable(field), known: lower } };
  }
  if (/^\s*["{[\]}]/.test(field)) return { key: 'playground.trace.unknown-field-ignored.no-prefix', values: { field: quotable(field) } };
  return { key: 'playground.trace.unknown-field-ignored', values: { field: quotable(field) } };
}

export function explainTraceEntry(entry: TraceEntry): Explanation {
  const value = entry.value ?? '';
  switch (entry.action) {
    case 'data-appended':
      if (!entry.line.includes(':')) return { key: 'playground.trace.data-appended.no-colon', values: {} };
      if (value.startsWith(' ')) return { key: 'playground.trace.data-appended.extra-space', values: { value: quotable(value) } };
      return { key: 'playground.trace.data-appended', values: { value: quotable(value) } };
    case 'event-type-set':
      return value === ''
        ? { key: 'playground.trace.event-type-set.empty', values: {} }
        : { key: 'playground.trace.event-type-set', values: { value: quotable(value) } };
    case 'id-set':
    case 'retry-ignored-not-digits':
      return { key: `playground.trace.${entry.action}`, values: { value: quotable(value) } };
    case 'retry-set':
      return { key: 'playground.trace.retry-set', values: { ms: entry.retry ?? Number(value) } };
    case 'unknown-field-ignored':
      return explainUnknownField(entry.field ?? '');
    case 'dispatched': {
      const values = { type: quotable(entry.event?.type ?? 'message'), id: quotable(entry.lastEventId ?? '') };
      return { key: values.id === '' ? 'playground.trace.dispatched.no-id' : 'playground.trace.dispatched', values };
    }
    case 'dispatch-skipped-empty-data': {
      const id = quotable(entry.lastEventId ?? '');
      return { key: id === '' ? 'playground.trace.dispatch-skipped-empty-data.no-id' : 'playground.trace.dispatch-skipped-empty-data', values: { id } };
    }
    case 'discarded-at-end':
      return { key: entry.pendingBlock === true ? 'playground.trace.discarded-at-end' : 'playground.trace.discarded-at-end.line', values: {} };
    default:
      // bom-stripped, comment, id-reset, id-ignored-null, retry-ignored-empty: one text each, no values.
      return { key: `playground.trace.${entry.action}`, values: {} };
  }
}
