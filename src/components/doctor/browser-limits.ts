import type { StreamObservation } from '../../lib/doctor/types.ts';

/**
 * What the page cannot do that the CLI can, and what it offers instead.
 *
 * A response from another origin shows the page only the CORS-safelisted
 * headers and those the server names in `Access-Control-Expose-Headers`
 * (https://fetch.spec.whatwg.org/#cors-safelisted-response-header-name).
 * These are the headers the doctor checks that fall outside that list.
 */
const checkedUnsafelistedHeaders = ['content-encoding', 'x-accel-buffering', 'connection'] as const;

/** The checked headers the browser may have hidden: those missing from a cross-origin response. */
export function hiddenHeaders(observation: StreamObservation): string[] {
  const seen = new Set(observation.headers.map(([name]) => name));
  return checkedUnsafelistedHeaders.filter((name) => !seen.has(name));
}

/** A URL as one shell word: single quotes, with any single quote in it closed, escaped and reopened. */
function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** The terminal commands that run the same check without a browser, from a checkout of the handbook. */
export function cliLines(url: string): string[] {
  return [`npm run doctor -- ${shellQuote(url)}`, `npx sse-doctor ${shellQuote(url)}`];
}
