// Follows an event feed for as long as the page is open.
//
// The browser reconnects by itself after a dropped connection and sends the
// last ID as Last-Event-ID. But once it gives up (readyState CLOSED: a
// status other than 200, e.g. a proxy's 502 during a deploy), only a new
// EventSource helps, and a new one starts without a last ID. So this keeps
// the ID itself and puts it into the URL of the next EventSource.
export function followFeed(url, { onEvent, onReset, onDone }, { recreateAfterMs = 5000 } = {}) {
  let lastEventId = '';
  let source;
  let timer;
  let delay = recreateAfterMs;

  function connect() {
    const target = new URL(url, location.href);
    if (lastEventId !== '') target.searchParams.set('lastEventId', lastEventId);
    source = new EventSource(target);

    source.onopen = () => {
      delay = recreateAfterMs;
    };
    source.onmessage = (event) => {
      lastEventId = event.lastEventId;
      onEvent(JSON.parse(event.data));
    };
    // The server couldn't replay what we missed: start over from its state.
    source.addEventListener('reset', (event) => {
      lastEventId = event.lastEventId;
      onReset(JSON.parse(event.data));
    });
    // The feed is over: close, or the browser would reconnect.
    source.addEventListener('done', () => {
      stop();
      onDone();
    });
    source.onerror = () => {
      // CONNECTING: the browser is already on it.
      if (source.readyState !== EventSource.CLOSED) return;
      // Try again later, a little later each time, and not all clients at once.
      timer = setTimeout(connect, delay * (0.5 + Math.random()));
      delay = Math.min(delay * 2, 60_000);
    };
  }

  function stop() {
    clearTimeout(timer);
    source.close();
  }

  connect();
  return { stop };
}
