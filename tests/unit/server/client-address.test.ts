import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddress, parseTrustedProxies } from '../../../src/server/client-address.ts';

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
