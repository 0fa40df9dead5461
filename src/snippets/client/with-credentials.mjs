// with-credentials.mjs: a stream on another origin, with cookies.
// The server must answer with this page's exact origin in
// Access-Control-Allow-Origin and with Access-Control-Allow-Credentials: true.

export function openCrossOriginStream(streamUrl, onTick, onStatus) {
  // Without withCredentials the browser sends no cookies cross-origin.
  const source = new EventSource(streamUrl, { withCredentials: true });
  source.addEventListener('open', () => onStatus('open'));
  source.addEventListener('tick', (event) => onTick(JSON.parse(event.data), event.lastEventId));
  source.addEventListener('error', () => {
    // A 401 (no or wrong cookie) closes the stream for good.
    onStatus(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting');
  });
  return source;
}
