/**
 * What a broadcast-room message may contain. One check, used by the server
 * before it publishes and by the room's form before it sends, so the form
 * can explain a refusal in the reader's language before the server has to.
 *
 * Pure TypeScript: no DOM, no Node APIs.
 */
export const roomMessageLimits = {
  /** Characters (Unicode code points, not UTF-16 units) of the name, after trimming. */
  maxNameChars: 32,
  /** Characters of the message text, after trimming. */
  maxTextChars: 280,
} as const;

export type RoomMessageField = 'name' | 'text';

/**
 * Why a field was refused: `missing` (not a string), `empty` after trimming,
 * `tooLong`, or `invalidCharacter` (see INVALID_CHARACTER and, for names,
 * FORMAT_CHARACTER).
 */
export type RoomMessageProblem = 'missing' | 'empty' | 'tooLong' | 'invalidCharacter';

export type RoomMessageCheck =
  | { ok: true; name: string; text: string }
  | { ok: false; field: RoomMessageField; problem: RoomMessageProblem };

/**
 * Control characters (line breaks, tabs, escape sequences, NUL), the line
 * and paragraph separators U+2028 and U+2029 (line breaks to a client that
 * splits text on them), and lone surrogate halves, which have no character
 * to show and would turn into U+FFFD on the wire.
 */
const INVALID_CHARACTER = /[\p{Cc}\p{Cs}\p{Zl}\p{Zp}]/u;

/**
 * In names also the format characters: invisible ones (zero-width space,
 * U+FEFF) and those that reorder what follows (bidi controls such as
 * U+202E), with which "Ada" and "Ada" + U+200B, or a name shown backwards,
 * could pass for another reader. A zero-width joiner between two emoji
 * (👩‍💻) is one visible character and stays.
 */
const FORMAT_CHARACTER = /\p{Cf}/u;
const EMOJI_JOINER = /(?<=\p{Extended_Pictographic}[\p{EMod}\uFE0F]?)\u200D(?=\p{Extended_Pictographic})/gu;

function checkField(value: unknown, maxChars: number, isName: boolean): { value: string } | { problem: RoomMessageProblem } {
  if (typeof value !== 'string') return { problem: 'missing' };
  // NFC: a character typed precomposed (é) or as letter + accent is stored, counted and shown as the same text.
  const trimmed = value.normalize('NFC').trim();
  if (trimmed === '') return { problem: 'empty' };
  if (INVALID_CHARACTER.test(trimmed)) return { problem: 'invalidCharacter' };
  if (isName && FORMAT_CHARACTER.test(trimmed.replace(EMOJI_JOINER, ''))) return { problem: 'invalidCharacter' };
  // Count code points: an emoji is one character to the reader, two UTF-16 units to `length`.
  if ([...trimmed].length > maxChars) return { problem: 'tooLong' };
  return { value: trimmed };
}

/** Normalises both fields to NFC, trims them and checks them in order: the name first, then the text. */
export function checkRoomMessage(name: unknown, text: unknown): RoomMessageCheck {
  const checkedName = checkField(name, roomMessageLimits.maxNameChars, true);
  if ('problem' in checkedName) return { ok: false, field: 'name', problem: checkedName.problem };
  const checkedText = checkField(text, roomMessageLimits.maxTextChars, false);
  if ('problem' in checkedText) return { ok: false, field: 'text', problem: checkedText.problem };
  return { ok: true, name: checkedName.value, text: checkedText.value };
}

/** A room message as it travels in an event's `data:` (JSON). */
export interface RoomMessage {
  name: string;
  text: string;
  /** When the server accepted it (ISO 8601, UTC). */
  at: string;
  /**
   * The same moment as milliseconds since the epoch with a fraction
   * (`performance.timeOrigin + performance.now()` on the server): precise
   * enough to measure delivery latency from the same machine (the load benchmark does).
   */
  sentAt: number;
}
