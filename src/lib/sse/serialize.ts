/**
 * Turns an event into `text/event-stream` wire text.
 *
 * The one serializer of the project: the endpoint's demos, the playground's
 * builder and the guides' examples all write events through it, so what a
 * reader sees in the builder is byte for byte what the endpoint sends.
 *
 * Format: https://html.spec.whatwg.org/multipage/server-sent-events.html#parsing-an-event-stream
 *
 * Pure TypeScript: no DOM, no Node APIs.
 */

export interface SseMessage {
  /** Event type; the client's `addEventListener(type)` receives it. Omitted: `message`. */
  event?: string | undefined;
  /** Payload. Every line becomes its own `data:` line; the client joins them with LF. */
  data: string;
  /** Becomes the client's last event ID, sent back as `Last-Event-ID` on reconnect. */
  id?: string | undefined;
  /** Reconnection time in milliseconds (a non-negative integer). */
  retry?: number | undefined;
  /** Comment lines sent before the event; clients ignore them. */
  comment?: string | undefined;
}

/** Thrown for a message that cannot be written without corrupting the stream. */
export class SseFormatError extends Error {
  override name = 'SseFormatError';
}

/** Every line end the parser accepts: CRLF, LF and CR. */
const LINE_BREAK = /\r\n|\r|\n/;

/**
 * `event` and `id` are single-line fields: a CR or LF inside would end the
 * line early and turn the rest into a field of its own, so the rest of the
 * stream would be parsed differently from what the caller meant.
 */
function assertSingleLine(field: 'event' | 'id', value: string): void {
  if (/[\r\n]/.test(value)) {
    throw new SseFormatError(`The "${field}" field must not contain CR or LF: ${JSON.stringify(value)}`);
  }
}

/** Comment lines (`: text`). Clients ignore them; proxies see traffic. */
export function serializeComment(text: string): string {
  return text
    .split(LINE_BREAK)
    .map((line) => (line === '' ? ':\n' : `: ${line}\n`))
    .join('');
}

/**
 * A `retry:` line alone: it sets the client's reconnection time without
 * dispatching anything (no `data`), e.g. before the server ends a stream on
 * purpose and wants the client back later rather than at once.
 */
export function serializeRetry(milliseconds: number): string {
  return `${retryLine(milliseconds)}\n`;
}

function retryLine(milliseconds: number): string {
  if (!Number.isSafeInteger(milliseconds) || milliseconds < 0) {
    throw new SseFormatError(`The "retry" field must be a non-negative integer of milliseconds, not ${milliseconds}.`);
  }
  return `retry: ${milliseconds}\n`;
}

/** One event, ending with the blank line that makes the client dispatch it. */
export function serializeEvent(message: SseMessage): string {
  let out = '';
  if (message.comment !== undefined) out += serializeComment(message.comment);
  if (message.event !== undefined) {
    assertSingleLine('event', message.event);
    out += `event: ${message.event}\n`;
  }
  if (message.id !== undefined) {
    assertSingleLine('id', message.id);
    // The spec makes clients ignore an id containing U+0000; refuse to send one
    // rather than let the client silently keep the previous id.
    if (message.id.includes('\0')) {
      throw new SseFormatError('The "id" field must not contain U+0000 NULL: clients ignore such an id.');
    }
    out += `id: ${message.id}\n`;
  }
  if (message.retry !== undefined) out += retryLine(message.retry);
  // One space after the colon: the parser strips exactly one, so data that
  // itself starts with a space survives the round trip.
  for (const line of message.data.split(LINE_BREAK)) out += `data: ${line}\n`;
  return `${out}\n`;
}
