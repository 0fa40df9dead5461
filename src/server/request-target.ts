import type { IncomingMessage } from 'node:http';

/**
 * The request target as a URL, or null when it is not an ordinary path.
 *
 * Node hands over the target exactly as the client sent it. Resolving it
 * against a base (`new URL(target, base)`) reads `//host/…` as another host
 * and throws on `//[`, so only the origin form (`/path?query`, RFC 9112
 * §3.2.1) is accepted, and it is appended to a fixed origin instead. Absolute
 * URLs, `*` and anything else are not requests for this site's paths.
 */
export function requestTarget(req: IncomingMessage): URL | null {
  const target = req.url ?? '';
  if (!target.startsWith('/') || target.startsWith('//')) return null;
  try {
    return new URL(`http://localhost${target}`);
  } catch {
    return null;
  }
}
