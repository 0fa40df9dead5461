// stream-token.mjs: EventSource for an API that wants a bearer token.
// EventSource cannot send Authorization, so the page trades its access
// token for a single-use stream token and puts that into the URL.

export function openTokenStream(apiBase, getAccessToken, onTick) {
  let source;
  let lastEventId = '';
  let retryTimer;
  let failures = 0; // in a row; an opened stream resets the count
  const stopped = new AbortController();

  // 1 s after the first failure, doubling up to 60 s, and each wait drawn
  // from its upper half: clients that one server restart dropped together
  // don't all come back in the same instant.
  function retryLater() {
    if (stopped.signal.aborted) return;
    failures += 1;
    const ceiling = Math.min(60_000, 1_000 * 2 ** (failures - 1));
    retryTimer = setTimeout(connect, ceiling / 2 + Math.random() * (ceiling / 2));
  }

  async function connect() {
    const url = new URL('/events', apiBase);
    try {
      const response = await fetch(new URL('/stream-tokens', apiBase), {
        method: 'POST',
        headers: { Authorization: `Bearer ${await getAccessToken()}` },
        signal: stopped.signal,
      });
      if (!response.ok) throw new Error(`stream token: ${response.status}`);
      const { token } = await response.json();
      url.searchParams.set('token', token);
    } catch {
      retryLater();
      return;
    }
    // stop() may have been called while the token was on its way.
    if (stopped.signal.aborted) return;
    if (lastEventId) url.searchParams.set('lastEventId', lastEventId);
    source = new EventSource(url);
    source.addEventListener('open', () => (failures = 0));
    source.addEventListener('tick', (event) => {
      lastEventId = event.lastEventId;
      onTick(JSON.parse(event.data), event.lastEventId);
    });
    source.addEventListener('error', () => {
      // The browser would reconnect with the same URL, and its token is
      // spent: stop it, and come back with a fresh token.
      source.close();
      retryLater();
    });
  }

  connect();
  return function stop() {
    stopped.abort(); // also cancels a token request in flight
    clearTimeout(retryTimer);
    source?.close();
  };
}
