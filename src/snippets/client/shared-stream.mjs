// shared-stream.mjs: one EventSource for all tabs of this origin.
// The tab holding a Web Lock is the leader: it opens the stream and
// passes every event to the other tabs over a BroadcastChannel. When the
// leader tab closes, the browser releases its lock and the next tab in
// line takes over.

export function sharedEventSource(url, types, onEvent) {
  const channel = new BroadcastChannel(`sse ${url}`);
  channel.addEventListener('message', ({ data }) => onEvent(data));

  const abandon = new AbortController();
  let source;
  let resign;

  navigator.locks
    .request(`sse leader ${url}`, { signal: abandon.signal }, () => {
      source = new EventSource(url);
      for (const type of types) {
        source.addEventListener(type, ({ data, lastEventId }) => {
          const event = { type, data, lastEventId };
          onEvent(event); // a BroadcastChannel does not echo to its sender
          channel.postMessage(event);
        });
      }
      // Hold the lock (and the stream) until this tab stops or closes.
      return new Promise((resolve) => (resign = resolve));
    })
    .catch(() => {}); // AbortError: stopped while waiting in line

  return function stop() {
    abandon.abort();
    source?.close();
    resign?.();
    channel.close();
  };
}
