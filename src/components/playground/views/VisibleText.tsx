/**
 * Text from the stream, shown so that every character that matters can be
 * seen: control characters and the BOM as small name badges (CR, LF, TAB,
 * NUL, BOM …; see ../model/char-names.ts), an LF followed by a real line break where
 * `breakLines` is set, for multi-line data. Everything is rendered as Preact
 * text nodes, so markup in the stream stays text.
 */
import type { ComponentChild } from 'preact';
import { charName, codePoint, namedChar } from '../model/char-names.ts';

export function VisibleText({ text, breakLines = false }: { text: string; breakLines?: boolean }) {
  // Fast path: most values have no special character at all.
  if (!namedChar.test(text)) return <>{text}</>;
  const parts: ComponentChild[] = [];
  let plain = '';
  for (const char of text) {
    if (!namedChar.test(char)) {
      plain += char;
      continue;
    }
    if (plain !== '') parts.push(plain);
    plain = '';
    parts.push(
      <span key={parts.length} class="pg-token" title={codePoint(char)}>
        {charName(char)}
      </span>,
    );
    if (breakLines && char === '\n') parts.push('\n');
  }
  if (plain !== '') parts.push(plain);
  return <>{parts}</>;
}
