/**
 * Filling the placeholders of a guide's config file.
 *
 * The files a page shows carry example values a reader replaces (the page
 * lists them): `sse.example.com`, `/var/www/sse`, `/run/php/php8.2-fpm-sse.sock`
 * and so on. A test fills them with its own values:
 *
 *   fillPlaceholders(text, { 'sse.example.com': 'localhost', '*:443': `*:${port}` })
 *
 * Every placeholder must occur in the text: when a page's file changes and a
 * placeholder disappears, the test fails instead of running a config that no
 * longer matches what it thinks it runs.
 */
export function fillPlaceholders(text: string, values: Record<string, string>): string {
  let filled = text;
  for (const [placeholder, value] of Object.entries(values)) {
    if (!filled.includes(placeholder)) throw new Error(`placeholder ${JSON.stringify(placeholder)} is not in the file`);
    filled = filled.split(placeholder).join(value);
  }
  return filled;
}
