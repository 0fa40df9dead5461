// notifications.mjs: EventSource with named events, and a new EventSource
// when the browser gives up (after a 502 from a proxy during a deploy, say).
//
//   const stop = watchNotifications('/api/sse/notifications', {
//     notification: (data, id) => …, update: (data, id) => …,
//     message: (data, id) => …, status: (text) => …,
//   });

export function watchNotifications(url, on) {
  let source;
  let lastEventId = ''; // a new EventSource starts without one
  let failures = 0;
  let retryTimer;

  function connect() {
    const address = new URL(url, location.href);
    // The browser sends Last-Event-ID only on its own reconnects. A new
    // EventSource carries the last id in the URL, if the server reads it.
    if (lastEventId) address.searchParams.set('lastEventId', lastEventId);
    source = new EventSource(address);

    source.addEventListener('open', () => {
      failures = 0;
      on.status('open');
    });

    // Events with `event: notification` or `event: update` arrive only
    // here; onmessage / 'message' never sees them.
    for (const type of ['notification', 'update']) {
      source.addEventListener(type, (event) => {
        lastEventId = event.lastEventId;
        on[type](JSON.parse(event.data), event.lastEventId);
      });
    }
    // Events without an `event:` line have the type "message".
    source.addEventListener('message', (event) => {
      lastEventId = event.lastEventId;
      on.message(event.data, event.lastEventId);
    });

    source.addEventListener('error', () => {
      if (source.readyState === EventSource.CONNECTING) {
        // Network error or the response ended: the browser reconnects
        // by itself after the reconnection time.
        on.status('reconnecting');
        return;
      }
      // CLOSED: a status other than 200 or a wrong Content-Type. The
      // browser never tries again; we do, later, with growing pauses
      // (1 s, 2 s, 4 s … up to 60 s), with jitter so that a thousand
      // clients don't all come back in the same second.
      failures += 1;
      const delay = Math.min(60_000, 1_000 * 2 ** (failures - 1)) * (0.5 + Math.random() / 2);
      on.status('closed');
      retryTimer = setTimeout(connect, delay);
    });
  }

  connect();
  return function stop() {
    clearTimeout(retryTimer);
    source.close(); // final: no error event, no reconnect
  };
}
