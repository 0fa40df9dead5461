import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddress, clientKey, parseTrustedProxies } from '../../../src/server/client-address.ts';

function request(peer: string, forwardedFor?: string): IncomingMessage {
  const headers = forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor };
  return { socket: { remoteAddress: peer }, headers } as unknown as IncomingMessage;
}

describe('the client address behind TRUST_PROXY', () => {
  const proxies = parseTrustedProxies('127.0.0.1, 10.0.0.0/8, ::1');

  it('is the socket peer when no proxy is trusted, whatever X-Forwarded-For claims', () => {
    expect(clientAddress(request('203.0.113.5', '198.51.100.1'), parseTrustedProxies(''))).toBe('203.0.113.5');
  });

  it('is the peer when the peer is not a trusted proxy', () => {
    expect(clientAddress(request('203.0.113.5', '198.51.100.1'), proxies)).toBe('203.0.113.5');
  });

  it('is the address the trusted proxy appended, not what the client wrote before it', () => {
    expect(clientAddress(request('127.0.0.1', '6.6.6.6, 198.51.100.1'), proxies)).toBe('198.51.100.1');
  });

  it('skips a chain of trusted proxies, matching CIDR ranges and IPv6', () => {
    expect(clientAddress(request('::1', '198.51.100.1, 10.1.2.3, 10.9.9.9'), proxies)).toBe('198.51.100.1');
  });

  it('treats an IPv4 peer on a dual-stack socket as IPv4', () => {
    expect(clientAddress(request('::ffff:127.0.0.1', '198.51.100.1'), proxies)).toBe('198.51.100.1');
  });

  it('stops at a malformed entry and counts the request against the last trusted hop', () => {
    expect(clientAddress(request('127.0.0.1', 'not-an-ip'), proxies)).toBe('127.0.0.1');
    expect(clientAddress(request('127.0.0.1', '198.51.100.1, <script>, 10.0.0.1'), proxies)).toBe('10.0.0.1');
  });

  it('is the proxy itself when it sends no X-Forwarded-For', () => {
    expect(clientAddress(request('127.0.0.1'), proxies)).toBe('127.0.0.1');
  });

  it.each(['localhost', '10.0.0.0/33', '1.2.3.4/8/9', '300.1.1.1', '::1/129', '10.0.0.0/x'])('refuses %j in TRUST_PROXY', (entry) => {
    expect(() => parseTrustedProxies(entry)).toThrow(`got "${entry}"`);
  });
});

describe('the key a client counts against', () => {
  it('is an IPv6 address cut to its /64: every address of one subscriber is one client', () => {
    const key = clientKey('2001:db8:1:2::1', 64);
    expect(key).toBe('2001:db8:1:2:0:0:0:0/64');
    expect(clientKey('2001:db8:1:2:ffff:ffff:ffff:ffff', 64)).toBe(key);
    expect(clientKey('2001:0db8:0001:0002:a:b:c:d', 64)).toBe(key);
    expect(clientKey('2001:db8:1:3::1', 64)).not.toBe(key);
  });

  it('cuts IPv6 at the configured prefix, also inside a group', () => {
    expect(clientKey('2001:db8:1:2::1', 48)).toBe('2001:db8:1:0:0:0:0:0/48');
    expect(clientKey('2001:db8:1:2::1', 56)).toBe(clientKey('2001:db8:1:ff::1', 56));
    expect(clientKey('2001:db8:1:100::1', 56)).not.toBe(clientKey('2001:db8:1:ff::1', 56));
    expect(clientKey('2001:db8::1', 128)).toBe('2001:db8:0:0:0:0:0:1/128');
    expect(clientKey('2001:db8::2', 128)).not.toBe(clientKey('2001:db8::1', 128));
  });

  it('counts an IPv4-mapped IPv6 address as the IPv4 one, and leaves IPv4 as it is', () => {
    expect(clientKey('::ffff:203.0.113.9', 64)).toBe('203.0.113.9');
    expect(clientKey('::ffff:cb00:7109', 64)).toBe('203.0.113.9');
    expect(clientKey('203.0.113.9', 64)).toBe('203.0.113.9');
  });

  it('reads a dotted tail and drops a zone', () => {
    expect(clientKey('64:ff9b::203.0.113.9', 128)).toBe('64:ff9b:0:0:0:0:cb00:7109/128');
    expect(clientKey('fe80::1%eth0', 64)).toBe('fe80:0:0:0:0:0:0:0/64');
  });
});
