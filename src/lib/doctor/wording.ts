/**
 * Findings and checks in words: the i18n strings (`doctor.finding.<id>`,
 * `doctor.check.<id>`, `doctor.check.<id>.detail`) with the evidence filled
 * in, formatted for the reader's language. Shared by the CLI and the page.
 */
import type { CheckResult, Evidence, Finding, Layer } from './types.ts';

export type Lang = 'en' | 'de';
export type Strings = Readonly<Record<string, string>>;

/** Evidence keys ending in `Ms` are durations: ms below a second, else seconds with one decimal. */
export function formatValue(key: string, value: string | number, lang: Lang): string {
  if (typeof value === 'string') return value;
  if (key.endsWith('Ms')) {
    if (Math.abs(value) < 1000) return `${Math.round(value)} ms`;
    return `${new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(value / 1000)} s`;
  }
  // Status codes and ids read as codes, not quantities.
  if (key === 'status' || key === 'lastEventId' || key === 'nextId') return String(value);
  return new Intl.NumberFormat(lang).format(value);
}

/**
 * The template with `{name}` replaced by formatted evidence; null when the
 * evidence lacks a name it uses. A string value that is a code with its own
 * wording (`doctor.value.<name>.<code>`, e.g. the buffer a finding names) is
 * replaced by that wording.
 */
export function fill(template: string, evidence: Evidence, lang: Lang, strings: Strings = {}): string | null {
  let missing = false;
  const text = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = evidence[name];
    if (value === undefined) {
      missing = true;
      return '';
    }
    return strings[`doctor.value.${name}.${value}`] ?? formatValue(name, value, lang);
  });
  return missing ? null : text;
}

function lookup(strings: Strings, key: string): string {
  const value = strings[key];
  if (value === undefined) throw new Error(`missing i18n string ${key}`);
  return value;
}

export function findingText(strings: Strings, finding: Finding, lang: Lang): string {
  const key = `doctor.finding.${finding.id}`;
  const text = fill(lookup(strings, key), finding.evidence, lang, strings);
  if (text === null) throw new Error(`${key}: the finding's evidence lacks a value its text uses`);
  return text;
}

/** Where a finding's fault sits, in words (`doctor.layer.<layer>`): the JSON keeps the code. */
export function layerName(strings: Strings, layer: Layer): string {
  return lookup(strings, `doctor.layer.${layer}`);
}

export function checkLabel(strings: Strings, check: CheckResult): string {
  return lookup(strings, `doctor.check.${check.id}`);
}

/** The measured value of a check (`200`, `every 15 s`…), or null when this run has none to show. */
export function checkDetail(strings: Strings, check: CheckResult, lang: Lang): string | null {
  const template = strings[`doctor.check.${check.id}.detail`];
  if (template === undefined) return null;
  const text = fill(template, check.evidence, lang, strings);
  return text === null || text.trim() === '' ? null : text;
}
