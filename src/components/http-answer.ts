/**
 * Reading an answer of the site's endpoint in the browser, shared by the
 * demos and the playground. The endpoint refuses with a 4xx or 503 and one
 * line of plain text (src/server/http-error.ts). That line is English, so
 * the islands word a refusal from its status in the page's language. Any
 * other answer where a stream or JSON was expected (a proxy's 502, an HTML
 * page from a host that serves only the static files) is not the endpoint's,
 * and is reported with the status and media type actually received.
 */

/** What came back: its status and media type (`–` when it named none). */
export interface ReceivedAnswer {
  status: number;
  contentType: string;
}

export function receivedAnswer(response: Response): ReceivedAnswer {
  const contentType = (response.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
  return { status: response.status, contentType: contentType || '–' };
}

/** Whether this is the endpoint's own refusal: a 4xx or 503 in plain text. */
export function isRefusal({ status, contentType }: ReceivedAnswer): boolean {
  return ((status >= 400 && status < 500) || status === 503) && contentType === 'text/plain';
}

/** Seconds from a `Retry-After` header; null when it is missing or a date. */
export function retryAfterSeconds(response: Response): number | null {
  const value = Number(response.headers.get('retry-after'));
  return Number.isInteger(value) && value > 0 ? value : null;
}
