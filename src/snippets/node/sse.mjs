// sse.mjs: write Server-Sent Events from Node.js. Works with node:http,
// Express (its res is node:http's) and node:http2's compatibility API.
// Format: https://html.spec.whatwg.org/multipage/server-sent-events.html#parsing-an-event-stream

// Why each header:
// - Content-Type: EventSource fails the connection on any other type.
// - Cache-Control: no-cache, so no cache answers with a stale copy;
//   no-transform, so proxies and CDNs don't recompress or rewrite the body.
// - X-Accel-Buffering: no, so nginx passes each event on at once.
// No Connection header: HTTP/1.1 keeps the connection open anyway, and
// HTTP/2 forbids it (node:http2's compatibility API drops it with a
// warning, its core API throws; both throw on Keep-Alive).
export const EVENT_STREAM_HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  'X-Accel-Buffering': 'no',
};

/**
 * One event as text: a line per field, then the blank line that makes the
 * browser dispatch it. `data` may contain line breaks: each line becomes a
 * `data:` line, and the browser joins them with "\n" again.
 * A block without `data` (e.g. only `retry`) dispatches nothing.
 * @param {{ event?: string, id?: string, retry?: number, data?: string }} message
 */
export function formatEvent({ event, id, retry, data }) {
  let text = '';
  if (event !== undefined) text += `event: ${singleLine('event', event)}\n`;
  if (id !== undefined) {
    // The browser ignores an id that contains U+0000.
    if (String(id).includes('\0')) throw new Error('id must not contain U+0000');
    text += `id: ${singleLine('id', id)}\n`;
  }
  // Only ASCII digits count: "retry: 5s" is ignored by the browser.
  if (retry !== undefined) text += `retry: ${Math.max(0, Math.trunc(retry))}\n`;
  if (data !== undefined) {
    for (const line of String(data).split(/\r\n|\r|\n/)) text += `data: ${line}\n`;
  }
  return `${text}\n`;
}

function singleLine(field, value) {
  // A line break would end the field early and start a new one.
  if (/[\r\n]/.test(String(value))) throw new Error(`${field} must be one line`);
  return value;
}

/**
 * Turns `res` into an event stream and owns what must end with it: the
 * heartbeat timer and the write queue.
 *
 * send() returns what res.write() returns: false means "the client is
 * behind, wait for drained() before producing more". A producer that cannot
 * wait (a broadcast) keeps sending; once more than `maxQueuedBytes` pile up
 * behind a full buffer, the client is dropped instead of growing our memory.
 */
export function openEventStream(res, { heartbeatMs = 15_000, maxQueuedBytes = 256 * 1024 } = {}) {
  res.writeHead(200, EVENT_STREAM_HEADERS);
  // Send the headers now: EventSource fires `open` only when they arrive.
  res.flushHeaders();

  let closed = false;
  let queuedBytes = 0; // written while the buffer was full
  let full = false;
  const closeHandlers = [];

  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    for (const handler of closeHandlers) handler();
  };

  const write = (text) => {
    if (closed) return false;
    if (full) {
      queuedBytes += Buffer.byteLength(text);
      if (queuedBytes > maxQueuedBytes) {
        res.destroy(); // too slow: hang up, the browser reconnects later
        close();
        return false;
      }
    }
    const ok = res.write(text);
    if (!ok) full = true;
    return ok;
  };

  res.on('drain', () => {
    full = false;
    queuedBytes = 0;
  });
  // Tab closed, close() called, network gone, or we ended the response.
  res.on('close', close);

  // A comment line every 15 s: proxies with idle timeouts see traffic, and
  // a write to a client that vanished silently makes Node notice.
  const heartbeat = setInterval(() => write(': heartbeat\n\n'), heartbeatMs);

  return {
    send: (message) => write(formatEvent(message)),
    get closed() {
      return closed;
    },
    /** Resolves when the client has caught up, or the stream closed. */
    drained: () =>
      new Promise((resolve) => {
        if (!full || closed) return resolve();
        res.once('drain', resolve);
        closeHandlers.push(resolve);
      }),
    onClose: (handler) => (closed ? handler() : closeHandlers.push(handler)),
    /** Ends the response. A browser reconnects unless the client closes first. */
    end: () => {
      if (!closed) res.end();
      close();
    },
  };
}
