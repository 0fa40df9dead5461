/**
 * Islands get their UI text as a plain object built on the server from the
 * i18n strings (content/i18n/*.json), so they ship no translation runtime and
 * each island receives only the keys it names.
 */
export type UiStrings<K extends string> = Readonly<Record<K, string>>;

export function pickStrings<K extends string>(t: (key: K) => string, keys: readonly K[]): UiStrings<K> {
  return Object.fromEntries(keys.map((key) => [key, t(key)])) as Record<K, string>;
}

/** Fills `{name}` placeholders. Single braces, so i18next leaves them alone on the server. */
export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole));
}
