/**
 * Writes a raw event stream so that a code block on a page shows every
 * character that matters to the parser. Pure; used at build time by
 * StreamExample.astro.
 *
 * Invisible characters are written as the JavaScript escapes developers
 * know (`\r`, `\n`, `\t`, `\0`, `\uFEFF`, `\uFFFD`), not as Unicode control
 * pictures (␍ ␊), which many monospace fonts don't have.
 *
 * - Streams with LF line ends only are shown as plain lines: the line breaks
 *   of the block are the LFs. Once a stream contains a CR, every line end is
 *   spelled out (`\r\n`, `\r`, `\n`) and followed by a break, so the three
 *   kinds can be told apart.
 * - The final LF is left out: a block always ends its last line visually.
 * - Spaces at the end of a line are shown as `·`.
 */

const escapes = new Map([
  ['\uFEFF', '\\uFEFF'],
  ['\uFFFD', '\\uFFFD'],
  ['\u0000', '\\0'],
  ['\t', '\\t'],
]);

const escapable = /[\uFEFF\uFFFD\u0000\t]/g;

function showInvisible(line: string): string {
  const trailing = /( +)$/.exec(line)?.[1]?.length ?? 0;
  const visible = line.slice(0, line.length - trailing).replace(escapable, (char) => escapes.get(char) ?? char);
  return visible + '·'.repeat(trailing);
}

export function visibleStream(stream: string): string {
  const parts = stream.split(/(\r\n|\r|\n)/);
  const spellOut = stream.includes('\r');
  let out = '';
  for (let i = 0; i < parts.length; i += 2) {
    out += showInvisible(parts[i]!);
    const end = parts[i + 1];
    if (end === undefined) break;
    out += spellOut ? `${end.replace('\r', '\\r').replace('\n', '\\n')}\n` : '\n';
  }
  return out.endsWith('\n') ? out.slice(0, -1) : out;
}

/** True when `visibleStream` had to write escapes or `·`, so the page should show the legend. */
export function needsLegend(stream: string): boolean {
  return /[\r\uFEFF\uFFFD\u0000\t]| (?=\r|\n|$)/.test(stream);
}

/** A string value as a JavaScript string literal, with the same escapes as the stream. */
export function quotedValue(text: string): string {
  return JSON.stringify(text).replace(/[\uFEFF\uFFFD]/g, (char) => escapes.get(char) ?? char);
}
