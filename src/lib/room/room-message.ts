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

/** Why a field was refused: `missing` (not a string), `empty` after trimming, `tooLong`, or `invalidCharacter`. */
export type RoomMessageProblem = 'missing' | 'empty' | 'tooLong' | 'invalidCharacter';

export type RoomMessageCheck =
  | { ok: true; name: string; text: string }
  | { ok: false; field: RoomMessageField; problem: RoomMessageProblem };

/**
 * Control characters (line breaks, tabs, escape sequences, NUL) and lone
 * surrogate halves, which have no character to show and would turn into
 * U+FFFD on the wire.
 */
const INVALID_CHARACTER = /[\p{Cc}\p{Cs}]/u;

function checkField(value: unknown, maxChars: number): { value: string } | { problem: RoomMessageProblem } {
  if (typeof value !== 'string') return { problem: 'missing' };
  const trimmed = value.trim();
  if (trimmed === '') return { problem: 'empty' };
  if (INVALID_CHARACTER.test(trimmed)) return { problem: 'invalidCharacter' };
  // Count code points: an emoji is one character to the reader, two UTF-16 units to `length`.
  if ([...trimmed].length > maxChars) return { problem: 'tooLong' };
  return { value: trimmed };
}

/** Trims both fields and checks them in order: the name first, then the text. */
export function checkRoomMessage(name: unknown, text: unknown): RoomMessageCheck {
  const checkedName = checkField(name, roomMessageLimits.maxNameChars);
  if ('problem' in checkedName) return { ok: false, field: 'name', problem: checkedName.problem };
  const checkedText = checkField(text, roomMessageLimits.maxTextChars);
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
