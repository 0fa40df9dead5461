// fetch-reader.mjs: read an event stream with fetch(), for when the request
// needs what EventSource cannot send (an Authorization header, a POST).
// Reconnecting and Last-Event-ID are then our job.
// Written for eventsource-parser 4 (npm install eventsource-parser@4):
// its onId callback is what keeps the last event ID.
import { createParser } from 'eventsource-parser';

/**
 * Reads `url` until `signal` aborts. Calls onEvent({ type, data, lastEventId })
 * for every event. Rejects on an answer that retrying cannot fix (401, 404 …)
 * and with whatever onEvent throws.
 */
export async function readEventStream(url, { headers = {}, signal, onEvent, onOpen = () => {} }) {
  let lastEventId = '';
  let reconnectionTime = 3_000; // until the server sends `retry:`
  let failures = 0;
  let callerError; // { error } once onEvent threw: a bug to report, not a network error

  const parser = createParser({
    // Like EventSource: the id of the block, even one without data;
    // an empty `id:` resets it.
    onId: (id) => (lastEventId = id),
    onRetry: (ms) => (reconnectionTime = ms),
    onEvent: ({ event, data }) => {
      if (callerError) return;
      try {
        onEvent({ type: event || 'message', data, lastEventId });
      } catch (error) {
        callerError = { error };
      }
    },
  });

  while (!signal.aborted) {
    try {
      const response = await fetch(url, {
        headers: {
          ...headers,
          Accept: 'text/event-stream',
          ...(lastEventId && { 'Last-Event-ID': lastEventId }),
        },
        cache: 'no-store',
        signal,
      });
      if (response.status === 204) return; // the server says: stop
      const type = response.headers.get('Content-Type') ?? '';
      // Like EventSource: status 200 exactly, and the MIME type's essence
      // compared without regard to case ("Text/Event-Stream;charset=UTF-8").
      const essence = type.split(';')[0].trim().toLowerCase();
      if (response.status === 200 && essence === 'text/event-stream') {
        failures = 0;
        onOpen();
        parser.reset(); // drop a half-received event of the last response
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        try {
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            parser.feed(value);
            if (callerError) throw callerError.error;
          }
        } finally {
          reader.cancel().catch(() => {}); // hang up on the rest, if any
        }
        // The server ended the response: reconnect, like EventSource.
      } else if (response.status >= 500 || response.status === 429) {
        failures += 1; // overloaded or restarting: try again, later
      } else {
        throw new Error(`The server answered ${response.status} (${type || 'no type'}); not retrying.`);
      }
    } catch (error) {
      if (signal.aborted) return;
      // A TypeError is a network error, unless onEvent threw it.
      if (callerError || !(error instanceof TypeError)) throw error;
      failures += 1;
    }
    // Reconnection time, doubled for each failure in a row (up to 60 s).
    const delay = Math.min(60_000, reconnectionTime * 2 ** Math.max(0, failures - 1));
    await new Promise((resolve) => {
      const timer = setTimeout(resolve, delay);
      signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });
  }
}
