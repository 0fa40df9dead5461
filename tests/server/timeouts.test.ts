/**
 * The request timeouts the README promises: headers within 10 s, the whole
 * request within 30 s, each kept to within a second (Node checks them only
 * every `connectionsCheckingInterval`, 30 s by default, which made them
 * 10–40 s and 30–60 s). The cases run at once against one server, so the
 * file takes about 31 s.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProductionServer, type ProductionServer } from '../helpers/production-server.ts';

let server: ProductionServer;
beforeAll(async () => {
  server = await startProductionServer();
});
afterAll(() => server.stop());

/**
 * Opens a connection, sends `head`, then one more byte of `trickle` every
 * second (a client that keeps the connection busy but never finishes), and
 * resolves when the server closes it: after how many seconds, and what came back.
 */
function trickleUntilClosed(head: string, trickle = 'x'.repeat(100), giveUpAfterMs = 35_000): Promise<{ seconds: number; answer: string }> {
  return new Promise((resolve) => {
    const socket = connect(server.port, '127.0.0.1');
    const startedAt = performance.now();
    let answer = '';
    let sent = 0;
    const timer = setInterval(() => {
      if (sent < trickle.length) socket.write(trickle[sent++]!);
    }, 1000);
    const giveUp = setTimeout(() => socket.destroy(), giveUpAfterMs);
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(timer);
      clearTimeout(giveUp);
      resolve({ seconds: (performance.now() - startedAt) / 1000, answer });
    });
    socket.once('connect', () => socket.write(head));
  });
}

describe('the request timeouts', () => {
  it('cut headers at 10 s and a request at 30 s, each within a second; a stream whose request never ends is closed, not answered twice', async () => {
    const [headers, body, stream] = await Promise.all([
      // Headers that never end: one more byte of a header value every second.
      trickleUntilClosed('GET / HTTP/1.1\r\nHost: x\r\nX-Slow: '),
      // Headers at once, then a body that never completes.
      trickleUntilClosed('POST /api/room HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{'),
      // An event stream whose request declares a body that never completes:
      // the request timeout must not write a 408 into the stream.
      trickleUntilClosed('GET /api/sse/idle HTTP/1.1\r\nHost: x\r\nContent-Length: 200\r\n\r\n'),
    ]);
    console.log(`cut after: headers ${headers.seconds.toFixed(1)} s, body ${body.seconds.toFixed(1)} s, stream ${stream.seconds.toFixed(1)} s`);

    expect(headers.seconds).toBeGreaterThan(9.5);
    expect(headers.seconds).toBeLessThan(11.5);
    expect(headers.answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);

    expect(body.seconds).toBeGreaterThan(29.5);
    expect(body.seconds).toBeLessThan(31.5);

    expect(stream.seconds).toBeGreaterThan(29.5);
    expect(stream.seconds).toBeLessThan(31.5);
    expect(stream.answer.slice(0, 12)).toBe('HTTP/1.1 200');
    expect(stream.answer).toContain('event: ready');
    expect(stream.answer.match(/HTTP\/1\.1 \d{3} /g)).toHaveLength(1);
  }, 45_000);
});
