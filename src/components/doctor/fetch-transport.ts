import type { EndReason, ResumeObservation, StreamObservation, TimedChunk } from '../../lib/doctor/types.ts';

/**
 * The stream doctor's transport in the page: one `fetch()` to a URL the
 * reader names, from the reader's own browser (the site's server never
 * fetches it), recording when each chunk of the body arrived. The engine
 * (src/lib/doctor/) turns what this records into findings.
 *
 * What a browser cannot show, compared with the CLI's Node transport:
 * - the HTTP version (`httpVersion` is null);
 * - compressed bytes: with `Content-Encoding` the browser decodes the body
 *   before the page sees it (bytes compressed without that header stay as
 *   they are, which is the trap the engine looks for);
 * - on another origin, any response header the server does not list in
 *   `Access-Control-Expose-Headers`, beyond the CORS-safelisted ones
 *   (https://fetch.spec.whatwg.org/#cors-safelisted-response-header-name).
 */

/**
 * What the browser saw, and one thing the engine's model cannot carry from
 * fetch(): the browser followed redirects without telling the page their
 * status codes, only where they ended (`redirectedTo`).
 */
export interface BrowserObservation extends StreamObservation {
  readonly redirectedTo?: string;
}

export interface FetchRunOptions {
  /** Stop reading after this long (end reason `duration`). */
  durationMs: number;
  /** Stop reading after this many body bytes (end reason `size-limit`), so a runaway stream cannot fill the tab's memory. */
  maxBytes: number;
  /** The reader's Stop button (end reason `aborted`). */
  signal: AbortSignal;
  /** Called after every chunk, so the page can draw the timeline while it grows. */
  onChunk?: (chunk: TimedChunk) => void;
}

/**
 * No response headers arrived. `network`: the request failed, and the browser
 * reports a CORS refusal, a refused connection, a DNS failure and a
 * certificate error alike, as one TypeError, and deliberately tells the page
 * nothing more (https://fetch.spec.whatwg.org/#concept-network-error).
 * `duration`: the server took the request but sent no headers in time.
 * `aborted`: the reader stopped first.
 */
export class NoResponseError extends Error {
  override readonly name = 'NoResponseError';
  readonly reason: 'network' | 'duration' | 'aborted';
  constructor(reason: NoResponseError['reason'], message: string) {
    super(message);
    this.reason = reason;
  }
}

/** Only http: and https: URLs are fetched; anything else is refused before a request is made. */
export function parseStreamUrl(text: string, base: string): URL | null {
  try {
    const url = new URL(text.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/** Opens the stream and records it until it ends, the duration is over, the byte cap is reached or the reader stops. */
export async function observeStream(url: string, options: FetchRunOptions): Promise<BrowserObservation> {
  return observe(url, {}, options);
}

/**
 * The second request, as EventSource reconnects: with `Last-Event-ID` when
 * the first response set an id (`''`: none, no header). On another origin the
 * header needs the server's CORS preflight consent, as it does for EventSource.
 */
export async function observeResume(url: string, lastEventId: string, options: FetchRunOptions): Promise<ResumeObservation> {
  const headers: Record<string, string> = lastEventId === '' ? {} : { 'Last-Event-ID': lastEventId };
  return { ...(await observe(url, headers, options)), lastEventId };
}

async function observe(url: string, extraHeaders: Record<string, string>, options: FetchRunOptions): Promise<BrowserObservation> {
  const controller = new AbortController();
  let stopReason: EndReason | null = null;
  const stop = (reason: EndReason): void => {
    stopReason ??= reason;
    controller.abort();
  };
  const onAbort = (): void => stop('aborted');
  if (options.signal.aborted) stop('aborted');
  options.signal.addEventListener('abort', onAbort, { once: true });
  const startedAt = performance.now();
  const since = (): number => Math.round((performance.now() - startedAt) * 10) / 10;
  const timer = setTimeout(() => stop('duration'), options.durationMs);
  try {
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { Accept: 'text/event-stream', ...extraHeaders },
        // What EventSource does by default: no cache, cookies only for this origin, redirects followed.
        cache: 'no-store',
        credentials: 'same-origin',
        signal: controller.signal,
      });
    } catch (error) {
      if (stopReason === 'duration' || stopReason === 'aborted') throw new NoResponseError(stopReason, `stopped (${stopReason}) before the response headers arrived`);
      throw new NoResponseError('network', error instanceof Error ? error.message : String(error));
    }
    const headersAtMs = since();
    const headers = [...response.headers.entries()].map(([name, value]) => [name.toLowerCase(), value] as const);
    const chunks: TimedChunk[] = [];
    let end: StreamObservation['end'] = { atMs: headersAtMs, reason: 'closed' };
    if (response.body) {
      const reader = response.body.getReader();
      let total = 0;
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          const chunk = { atMs: since(), bytes: value };
          chunks.push(chunk);
          options.onChunk?.(chunk);
          total += value.byteLength;
          if (total >= options.maxBytes) {
            stop('size-limit');
            break;
          }
        }
        end = { atMs: since(), reason: stopReason ?? 'closed' };
      } catch (error) {
        end = stopReason !== null ? { atMs: since(), reason: stopReason } : { atMs: since(), reason: 'error', message: String(error) };
      } finally {
        reader.cancel().catch(() => {});
      }
    }
    return { url, httpVersion: null, status: response.status, headers, headersAtMs, chunks, end, ...(response.redirected ? { redirectedTo: response.url } : {}) };
  } finally {
    clearTimeout(timer);
    options.signal.removeEventListener('abort', onAbort);
  }
}
