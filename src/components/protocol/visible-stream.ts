/**
 * Writes a raw event stream so that a code block on a page shows every
 * character that matters to the parser. Pure; used at build time by
 * StreamExample.astro.
 *
 * - Streams with LF line ends only are shown as plain lines: the line breaks
 *   of the block are the LFs. Once a stream contains a CR, every line end is
 *   spelled out (␍␊ for CRLF, ␍ for CR, ␊ for LF) and followed by a break,
 *   so the three kinds can be told apart.
 * - The final LF is left out: a block always ends its last line visually.
 * - U+FEFF, U+0000 and TAB, and spaces at the end of a line, are invisible
 *   or ambiguous in a code block; they get a visible stand-in.
 */

const stands = new Map([
  ['\uFEFF', '⟨BOM⟩'],
  ['\u0000', '␀'],
  ['\t', '␉'],
]);

function showInvisible(line: string): string {
  const trailing = /( +)$/.exec(line)?.[1]?.length ?? 0;
  const visible = [...line.slice(0, line.length - trailing)].map((char) => stands.get(char) ?? char).join('');
  return visible + '␠'.repeat(trailing);
}

export function visibleStream(stream: string): string {
  const parts = stream.split(/(\r\n|\r|\n)/);
  const spellOut = stream.includes('\r');
  let out = '';
  for (let i = 0; i < parts.length; i += 2) {
    out += showInvisible(parts[i]!);
    const end = parts[i + 1];
    if (end === undefined) break;
    out += spellOut ? `${end.replace('\r', '␍').replace('\n', '␊')}\n` : '\n';
  }
  return out.endsWith('\n') ? out.slice(0, -1) : out;
}

/** True when `visibleStream` had to spell out line ends or stand-ins, so the page should show the legend. */
export function needsLegend(stream: string): boolean {
  return /[\r\uFEFF\u0000\t]| (?=\r|\n|$)/.test(stream);
}
