/**
 * What the status line and the response headers alone tell: whether
 * EventSource accepts the response at all, and what invites a proxy to
 * buffer or cache it. Browsers' rules: https://html.spec.whatwg.org/multipage/server-sent-events.html#sse-processing-model
 */
import { finding, header, headerList, outcome, unknown, type CheckOutcome } from '../check.ts';
import type { StreamObservation } from '../types.ts';

export function checkStatus(first: StreamObservation): CheckOutcome {
  const { status } = first;
  const hops = first.redirects ?? [];
  const evidence = { status, redirects: hops.length };
  if (status === 204) return outcome('status', evidence, [finding('status-no-content', 'problem', 'server', 'stoppingForGood', { status })]);
  if (status !== 200) return outcome('status', evidence, [finding('status-error', 'problem', 'server', 'statusCodes', { status })]);
  if (hops.length > 0) {
    const [hop] = hops;
    // EventSource follows redirects, and every reconnect goes to the original URL and pays the detour again.
    return outcome('status', evidence, [finding('status-redirect', 'advice', 'server', 'statusCodes', { status: hop!.status, location: hop!.location })]);
  }
  return outcome('status', evidence);
}

/** The MIME type's essence: `text/event-stream; charset=utf-8` passes, as it does in browsers. */
export function mimeEssence(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

export function checkContentType(first: StreamObservation): CheckOutcome {
  const contentType = header(first, 'content-type');
  if (first.status !== 200) return unknown('content-type', { contentType: contentType ?? '' });
  if (mimeEssence(contentType) !== 'text/event-stream') {
    return outcome('content-type', { contentType: contentType ?? '' }, [
      finding('content-type-wrong', 'problem', 'server', 'contentType', { contentType: contentType ?? '' }),
    ]);
  }
  return outcome('content-type', { contentType: contentType ?? '' });
}

export function checkCacheControl(first: StreamObservation): CheckOutcome {
  const cacheControl = headerList(first, 'cache-control') ?? '';
  if (first.status !== 200) return unknown('cache-control', { cacheControl });
  const directives = cacheControl.toLowerCase().split(',').map((part) => part.trim());
  // no-cache or no-store keeps caches from answering a reconnect with an old copy.
  if (directives.includes('no-cache') || directives.includes('no-store')) return outcome('cache-control', { cacheControl });
  return outcome('cache-control', { cacheControl }, [finding('cache-control-missing', 'advice', 'server', 'cacheControl', { cacheControl })]);
}

export function checkAccelBuffering(first: StreamObservation): CheckOutcome {
  const value = header(first, 'x-accel-buffering') ?? '';
  if (first.status !== 200) return unknown('x-accel-buffering', { value });
  if (value.trim().toLowerCase() === 'no') return outcome('x-accel-buffering', { value });
  // Only nginx reads it; it costs nothing and switches off nginx's buffer for this response wherever one sits in front.
  return outcome('x-accel-buffering', { value }, [finding('x-accel-buffering-missing', 'advice', 'server', 'xAccelBuffering', { value })]);
}

/** Fields RFC 9113 §8.2.2 forbids in HTTP/2: they belong to one HTTP/1.1 connection. */
const CONNECTION_SPECIFIC = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade'];

export function checkConnectionHeader(first: StreamObservation): CheckOutcome {
  if (first.http2Error !== undefined) {
    // HTTP/2 refused the response; its HTTP/1.1 twin shows which connection-specific field it carried.
    const named = first.headers.filter(([name]) => CONNECTION_SPECIFIC.includes(name)).map(([name, value]) => `${name}: ${value}`);
    if (named.length > 0) {
      return outcome('connection-header', { httpVersion: '2' }, [
        finding('connection-header-on-http2', 'problem', 'server', 'noConnectionHeader', { value: named.join(', ') }),
      ]);
    }
    return outcome('connection-header', { httpVersion: '2' }, [
      finding('http2-refused', 'problem', 'server', 'noConnectionHeader', { message: first.http2Error }),
    ]);
  }
  const value = headerList(first, 'connection');
  if (first.httpVersion !== '2') return unknown('connection-header', { httpVersion: first.httpVersion ?? '' });
  if (value === undefined) return outcome('connection-header', { httpVersion: '2' });
  // RFC 9113 §8.2.2: connection-specific fields make the response malformed; Chrome and Firefox reject it.
  return outcome('connection-header', { httpVersion: '2', value }, [
    finding('connection-header-on-http2', 'problem', 'server', 'noConnectionHeader', { value }),
  ]);
}

export function checkHttpVersion(first: StreamObservation): CheckOutcome {
  const version = first.httpVersion;
  if (version === null) return unknown('http-version');
  // Over plain http browsers never speak HTTP/2, so only a TLS URL can do better than 1.1.
  if (version === '1.1' && first.url.startsWith('https:') && first.http2Error === undefined) {
    return outcome('http-version', { httpVersion: version }, [finding('http1-over-tls', 'advice', 'server', 'seventhTab', { httpVersion: version })]);
  }
  return outcome('http-version', { httpVersion: version });
}
