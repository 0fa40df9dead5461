/**
 * Short names for the characters the playground makes visible: the ASCII
 * control characters by their standard abbreviations (CR, LF, TAB, NUL …),
 * DEL and the byte order mark. Names rather than the Unicode Control
 * Pictures (␍ ␊): those are missing from many fonts and then show as empty
 * boxes, which is the opposite of visible.
 */
const controlNames = [
  'NUL', 'SOH', 'STX', 'ETX', 'EOT', 'ENQ', 'ACK', 'BEL', 'BS', 'TAB', 'LF', 'VT', 'FF', 'CR', 'SO', 'SI',
  'DLE', 'DC1', 'DC2', 'DC3', 'DC4', 'NAK', 'SYN', 'ETB', 'CAN', 'EM', 'SUB', 'ESC', 'FS', 'GS', 'RS', 'US',
];

/** Every character that gets a name instead of being drawn as itself. */
export const namedChar = /[\u0000-\u001f\u007f\uFEFF]/;

/** The name of a character matched by `namedChar` (others fall back to their code point). */
export function charName(char: string): string {
  const code = char.charCodeAt(0);
  if (code < 0x20) return controlNames[code] ?? '';
  if (code === 0x7f) return 'DEL';
  if (code === 0xfeff) return 'BOM';
  return codePoint(char);
}

/** "U+000D" */
export function codePoint(char: string): string {
  return `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}
