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

/** The eight 16-bit groups of an IPv6 address (`::` expanded, a trailing dotted IPv4 part as two groups, a zone dropped). */
function ipv6Groups(address: string): number[] {
  const [head = '', tail] = address.replace(/%.*$/, '').split('::');
  const parse = (part: string): number[] =>
    part === ''
      ? []
      : part.split(':').flatMap((group) => {
          if (!group.includes('.')) return [Number.parseInt(group, 16)];
          const [a = 0, b = 0, c = 0, d = 0] = group.split('.').map(Number);
          return [(a << 8) | b, (c << 8) | d];
        });
  const front = parse(head);
  const back = tail === undefined ? [] : parse(tail);
  return [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
}

/**
 * The key a client's requests count against for the per-client limits:
 * its IPv4 address, or its IPv6 address cut to the first `ipv6PrefixBits`
 * bits (SSE_IPV6_PREFIX, default 64). One subscriber usually gets a whole
 * /64 (RFC 6177), with as many addresses as it likes in it, so counting
 * full IPv6 addresses would give one client millions of budgets. An
 * IPv4-mapped IPv6 address (`::ffff:203.0.113.9`) counts as the IPv4 one.
 */
export function clientKey(address: string, ipv6PrefixBits: number): string {
  if (!address.includes(':')) return address;
  const groups = ipv6Groups(address);
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join('.');
  }
  const kept = groups.map((group, index) => {
    const bits = Math.min(16, Math.max(0, ipv6PrefixBits - 16 * index));
    return bits === 0 ? 0 : group & (0xffff << (16 - bits)) & 0xffff;
  });
  return `${kept.map((group) => group.toString(16)).join(':')}/${ipv6PrefixBits}`;
}
