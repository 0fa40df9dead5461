// keep-alive.js: reopens an EventSource that died without a word: a
// phone that suspended the tab, a laptop that slept, a network that
// changed, a proxy that dropped the stream but not the connection.
//
//   const stop = keepAlive(() => new EventSource('/events'), {
//     heartbeatMs: 15_000,        // the server sends `event: ping` this often
//     signs: ['message', 'ping'], // the event types that prove it is alive
//   });
//   …
//   stop(); // closes the stream and removes every listener

export function keepAlive(connect, { heartbeatMs, missedBeats = 2, signs = ['message', 'ping'] } = {}) {
  let source;
  let lastSign = 0;
  let refused = false;

  // Date.now(), not performance.now(): the wall clock counts the time a
  // laptop slept, performance.now() does not on every system.
  const sign = () => {
    lastSign = Date.now();
  };

  function open() {
    source?.close();
    refused = false;
    const current = (source = connect());
    sign(); // the first heartbeat is due from now on
    current.addEventListener('open', sign);
    for (const type of signs) current.addEventListener(type, sign);
    current.addEventListener('error', () => {
      // CLOSED after an error: a status other than 200 or a wrong
      // Content-Type. The browser gives up for good, and so do we.
      if (current.readyState === EventSource.CLOSED) refused = true;
    });
  }

  // EventSource dispatches no event for a comment (`: ping`), so the
  // server must send a real event (`event: ping`) as its heartbeat.
  const silent = () => heartbeatMs !== undefined && Date.now() - lastSign > heartbeatMs * missedBeats;

  // CLOSED without a refusal: the browser closed it, as it may for a page
  // in the back/forward cache. Silent: cut somewhere on the way, with
  // neither end told.
  function reopenIfDead() {
    if (refused) return;
    if (source.readyState === EventSource.CLOSED || silent()) open();
  }

  const onVisibilityChange = () => {
    if (document.visibilityState === 'visible') reopenIfDead();
  };
  const onPageShow = (event) => {
    if (event.persisted) reopenIfDead();
  };
  // Back online, the old connection may still look open but lead nowhere
  // (another network, another address). A new one costs one request.
  const onOnline = () => {
    if (!refused) open();
  };

  open();
  const watchdog = heartbeatMs === undefined ? undefined : setInterval(reopenIfDead, heartbeatMs / 2);
  document.addEventListener('visibilitychange', onVisibilityChange);
  window.addEventListener('pageshow', onPageShow);
  window.addEventListener('online', onOnline);

  return function stop() {
    clearInterval(watchdog);
    document.removeEventListener('visibilitychange', onVisibilityChange);
    window.removeEventListener('pageshow', onPageShow);
    window.removeEventListener('online', onOnline);
    source.close();
  };
}
