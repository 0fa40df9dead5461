/**
 * How the production process starts and stops: settings out of range stop
 * the start with one line naming the variable; SIGTERM lets in-flight
 * requests finish, asks open streams to come back later, and exits within
 * 5 s with one line.
 */
import { request } from 'node:http';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { runProductionServerExpectingExit, startProductionServer } from '../helpers/production-server.ts';

describe('starting with a setting out of range', () => {
  it.each([
    [{ SSE_HEARTBEAT_MS: '3000000000' }, 'SSE_HEARTBEAT_MS must be an integer from 1000 to 3600000, got "3000000000".'],
    [{ SSE_MAX_STREAMS_PER_CLIENT: '0' }, 'SSE_MAX_STREAMS_PER_CLIENT must be an integer from 1 to 1000000, got "0".'],
    [{ PORT: '70000' }, 'PORT must be an integer from 0 to 65535 (0 picks a free one), got "70000".'],
    [{ TRUST_PROXY: 'my-proxy' }, 'TRUST_PROXY must list IP addresses or CIDR ranges separated by commas (e.g. "127.0.0.1, 10.0.0.0/8"), got "my-proxy".'],
  ])('%j stops the start with exit code 1 and one line naming it', async (env, message) => {
    const { code, stderr } = await runProductionServerExpectingExit(env);
    expect(code).toBe(1);
    expect(stderr).toBe(`${message}\n`);
  });
});

describe('SIGTERM', () => {
  it('finishes an in-flight request, sends open streams a retry: and ends them, refuses new connections, and exits within 5 s in one line', async () => {
    const server = await startProductionServer();
    const stream = await fetch(`${server.url}api/sse/clock?n=60`);
    const streamText = stream.text();

    // An echo POST whose body is still on its way when the signal comes.
    const body = JSON.stringify({ stream: 'data: sent during shutdown\n\n' });
    const upload = request(`${server.url}api/sse/echo`, { method: 'POST', headers: { 'Content-Type': 'application/json' } });
    const answer = new Promise<number>((resolve, reject) => {
      upload.on('response', (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      upload.on('error', reject);
    });
    upload.write(body.slice(0, 10));
    await new Promise((resolve) => setTimeout(resolve, 200));

    const linesBefore = server.stdout().split('\n').length;
    const signalledAt = performance.now();
    server.process.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));

    const refused = await new Promise<boolean>((resolve) => {
      const socket = connect(server.port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(false)));
      socket.once('error', () => resolve(true));
    });
    expect(refused).toBe(true);

    upload.end(body.slice(10));
    expect(await answer).toBe(201);
    expect(await streamText).toMatch(/(^|\n)retry: \d{4,5}\n\n$/);
    const retry = Number(/retry: (\d+)/.exec(await streamText)![1]);
    expect(retry).toBeGreaterThanOrEqual(5000);
    expect(retry).toBeLessThan(10_000);

    expect(await server.exited).toBe(0);
    expect(performance.now() - signalledAt).toBeLessThan(5000);
    const after = server.stdout().split('\n').slice(linesBefore - 1).filter((line) => line !== '');
    expect(after).toHaveLength(1);
    expect(after[0]).toMatch(/^SIGTERM: stopped in \d+ ms; asked 1 open streams to reconnect later\.$/);
  });

  it('closes a connection that is still busy after the grace time, and still exits within 5 s', async () => {
    const server = await startProductionServer();
    // A request whose body never completes.
    const socket = connect(server.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write('POST /api/sse/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"str');
    socket.on('error', () => {});
    await new Promise((resolve) => setTimeout(resolve, 200));
    const signalledAt = performance.now();
    server.process.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(performance.now() - signalledAt).toBeLessThan(5000);
    expect(server.stdout()).toMatch(/SIGTERM: stopped in \d+ ms; asked 0 open streams to reconnect later, closed connections still busy after 4000 ms\.\n$/);
    socket.destroy();
  });
});
