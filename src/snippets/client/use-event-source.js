// use-event-source.js: a hook for React and Preact that keeps one
// EventSource open while the component is mounted, and reopens it
// when the browser or the system killed it (keep-alive.js).
//
//   const { status, lastEvent, lastEventId, error } = useEventSource(
//     '/api/sse/clock', { events: ['tick'], heartbeatMs: 15_000 });
//
// React: use it as it is. Preact: alias 'react' to 'preact/compat' (as
// @preact/preset-vite does), or import from 'preact/hooks' below.
import { useEffect, useState } from 'react';
import { keepAlive } from './keep-alive.js';

// status: 'connecting' | 'open' | 'closed' (the browser gave up)
const initial = { status: 'connecting', lastEvent: null, lastEventId: '', error: null };

export function useEventSource(url, { events = ['message'], heartbeatMs, withCredentials = false } = {}) {
  const [state, setState] = useState(initial);
  // A new array on every render must not reopen the stream.
  const types = events.join(' ');

  useEffect(() => {
    if (!url) {
      setState({ ...initial, status: 'closed' });
      return undefined;
    }
    setState(initial);
    const update = (change) => setState((previous) => ({ ...previous, ...change }));
    let lastEventId = '';

    // Everything this mount opens, it closes in the cleanup below: in
    // development, React's StrictMode runs effect, cleanup, effect, and
    // one stream stays open, not two.
    return keepAlive(
      () => {
        // A new EventSource sends no Last-Event-ID header: the URL
        // carries it, for a server that reads ?lastEventId=.
        const address = new URL(url, location.href);
        if (lastEventId) address.searchParams.set('lastEventId', lastEventId);
        const source = new EventSource(address, { withCredentials });
        update({ status: 'connecting' });
        source.addEventListener('open', () => update({ status: 'open', error: null }));
        source.addEventListener('error', (error) => {
          // The browser reconnects by itself (CONNECTING) or has given up (CLOSED).
          const status = source.readyState === EventSource.CLOSED ? 'closed' : 'connecting';
          update({ status, error });
        });
        for (const type of types.split(' ')) {
          source.addEventListener(type, (event) => {
            lastEventId = event.lastEventId;
            update({ lastEvent: event, lastEventId });
          });
        }
        return source;
      },
      { heartbeatMs, signs: [...types.split(' '), 'ping'] },
    );
  }, [url, types, heartbeatMs, withCredentials]);

  return state;
}
