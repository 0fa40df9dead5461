import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';

/**
 * Which client a request counts against, for the per-client limits (open
 * streams, echo and room rates).
 *
 * Behind a reverse proxy every request comes from the proxy's address, so
 * all readers would share one budget. The proxy passes the real address in
 * `X-Forwarded-For`, but any client can send that header too: it is believed
 * only when the socket's peer is a proxy named in TRUST_PROXY. The header is
 * then read from the right (the entry the nearest proxy appended) leftwards,
 * skipping further trusted proxies; the first address that is not one is the
 * client. Entries left of it were written by the client and are ignored.
 * (https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/X-Forwarded-For#security_and_privacy_concerns)
 */
export interface TrustedProxies {
  /** The entries as configured, for messages and /api/status. */
  readonly entries: readonly string[];
  has(address: string): boolean;
}

/** `127.0.0.1, 10.0.0.0/8, ::1`: addresses or CIDR ranges, comma-separated. Throws on anything else. */
export function parseTrustedProxies(value: string): TrustedProxies {
  const list = new BlockList();
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  for (const entry of entries) {
    const [address = '', bits, ...rest] = entry.split('/');
    const family = isIP(address);
    const maxBits = family === 6 ? 128 : 32;
    const prefix = bits === undefined ? maxBits : /^\d{1,3}$/.test(bits) ? Number(bits) : Number.NaN;
    if (family === 0 || rest.length > 0 || !(prefix >= 0 && prefix <= maxBits)) {
      throw new Error(`must list IP addresses or CIDR ranges separated by commas (e.g. "127.0.0.1, 10.0.0.0/8"), got "${entry}".`);
    }
    list.addSubnet(address, prefix, family === 6 ? 'ipv6' : 'ipv4');
  }
  // Without TRUST_PROXY (the default) no peer is a proxy: answering that
  // without asking the BlockList, which validates the address string on each
  // call, takes 0.6 µs off every request (CPU profile of 20,000 new streams).
  if (entries.length === 0) return { entries, has: () => false };
  return {
    entries,
    has: (address) => {
      const family = isIP(address);
      return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
    },
  };
}

/** `::ffff:203.0.113.9` (an IPv4 client on a dual-stack socket) and `[2001:db8::1]` to their plain forms. */
function normalize(address: string): string {
  const bare = address.trim().replace(/^\[(.*)\]$/, '$1');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  return mapped ? mapped[1]! : bare;
}

export function clientAddress(req: IncomingMessage, trusted: TrustedProxies): string {
  let client = normalize(req.socket.remoteAddress ?? '');
  if (client === '') return 'unknown';
  const header = req.headers['x-forwarded-for'];
  if (!trusted.has(client) || header === undefined) return client;
  const hops = (Array.isArray(header) ? header.join(',') : header).split(',').map(normalize);
  for (let i = hops.length - 1; i >= 0 && trusted.has(client); i--) {
    const hop = hops[i]!;
    // A malformed entry cannot name a client: count the request against the
    // last proxy we trust rather than against a string the client chose.
    if (isIP(hop) === 0) break;
    client = hop;
  }
  return client;
}
