// stream-token.mjs: EventSource for an API that wants a bearer token.
// EventSource cannot send Authorization, so the page trades its access
// token for a single-use stream token and puts that into the URL.

export function openTokenStream(apiBase, getAccessToken, onTick) {
  let source;
  let lastEventId = '';
  let retryTimer;

  async function connect() {
    try {
      const response = await fetch(new URL('/stream-tokens', apiBase), {
        method: 'POST',
        headers: { Authorization: `Bearer ${await getAccessToken()}` },
      });
      if (!response.ok) throw new Error(`stream token: ${response.status}`);
      const { token } = await response.json();

      const url = new URL('/events', apiBase);
      url.searchParams.set('token', token);
      if (lastEventId) url.searchParams.set('lastEventId', lastEventId);
      source = new EventSource(url);
    } catch {
      retryTimer = setTimeout(connect, 5_000);
      return;
    }
    source.addEventListener('tick', (event) => {
      lastEventId = event.lastEventId;
      onTick(JSON.parse(event.data), event.lastEventId);
    });
    source.addEventListener('error', () => {
      // The browser would reconnect with the same URL, and its token is
      // spent: stop it, and come back with a fresh token.
      source.close();
      retryTimer = setTimeout(connect, 2_000);
    });
  }

  connect();
  return function stop() {
    clearTimeout(retryTimer);
    source?.close();
  };
}
