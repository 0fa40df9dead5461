/**
 * How the production process starts and stops: settings out of range stop
 * the start with one line naming the variable; SIGTERM lets in-flight
 * requests finish for 4 s and answers those still unfinished with 503, asks
 * open streams to come back later and refuses new ones, and exits within 5 s
 * with one line.
 */
import { request } from 'node:http';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { runProductionServerExpectingExit, startProductionServer, type ProductionServer } from '../helpers/production-server.ts';

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

  it('answers an upload still unfinished after the 4 s grace time with 503 and Retry-After, closes its connection, and exits within 5 s', async () => {
    const server = await startProductionServer();
    const upload = await unfinishedUpload(server);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const signalledAt = performance.now();
    server.process.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(performance.now() - signalledAt).toBeLessThan(5000);
    const answer = await upload.answer;
    expect(answer).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\n/);
    expect(answer).toMatch(/\r\nRetry-After: 5\r\n/i);
    expect(answer).toMatch(/\r\n\r\nThe server is shutting down and could not finish this request; try again in 5 s\.\n$/);
    expect(server.stdout()).toMatch(
      /\nSIGTERM: stopped in \d+ ms; asked 0 open streams to reconnect later, answered 1 unfinished requests with 503, closed connections still busy after 4000 ms\.\n$/,
    );
  });

  it('answers a stream asked for on a busy keep-alive connection after the signal with 503 and Retry-After', async () => {
    const server = await startProductionServer();
    const body = '{"stream":"data: x\\n\\n"}';
    const socket = connect(server.port, '127.0.0.1');
    socket.on('error', () => {});
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString()));
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(`POST /api/sse/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 5)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    server.process.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The upload finishes within the grace time, and a stream request follows on the same connection.
    socket.write(`${body.slice(5)}GET /api/sse/clock?n=60 HTTP/1.1\r\nHost: x\r\n\r\n`);
    await new Promise((resolve) => socket.once('close', resolve));
    const answers = received.split(/(?=HTTP\/1\.1 )/);
    expect(answers.map((answer) => answer.slice(0, 12))).toEqual(['HTTP/1.1 201', 'HTTP/1.1 503']);
    expect(answers[1]).toMatch(/\r\nRetry-After: 5\r\n/i);
    expect(answers[1]).toMatch(/\r\n\r\nThe server is shutting down; try again in 5 s\.\n$/);
    expect(await server.exited).toBe(0);
  });

  it('ends the gzip lab with a complete gzip member and passes on what the proxy-buffer lab held', async () => {
    const server = await startProductionServer();
    const gzip = responseBytes(`${server.url}api/sse/lab/gzip`, { 'Accept-Encoding': 'gzip' });
    const buffered = responseBytes(`${server.url}api/sse/lab/proxy-buffer`);
    // A few of the twelve events have been written into each layer, none has come out.
    await new Promise((resolve) => setTimeout(resolve, 900));
    server.process.kill('SIGTERM');
    const text = gunzipSync(await gzip).toString();
    expect(text).toMatch(/^data: \{"i":1,"of":12,/);
    expect(text).toMatch(/\n\n$/);
    expect((await buffered).toString()).toMatch(/^data: \{"i":1,"of":12,[^]*\{"i":3,"of":12,[^]*\n\n$/);
    expect(await server.exited).toBe(0);
  });

  it('cuts the grace time short at a second signal, still answering an unfinished upload, and says so in its one line', async () => {
    const server = await startProductionServer();
    const upload = await unfinishedUpload(server);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const signalledAt = performance.now();
    server.process.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    server.process.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(performance.now() - signalledAt).toBeLessThan(2000);
    expect(await upload.answer).toMatch(/^HTTP\/1\.1 503 /);
    expect(server.stdout()).toMatch(
      /\nSIGTERM: stopped in \d+ ms; asked 0 open streams to reconnect later, answered 1 unfinished requests with 503, closed connections still busy at a second SIGTERM\.\n$/,
    );
  });
});

/** An echo POST whose body never completes; `answer` is what came back once the server closed the connection. */
async function unfinishedUpload(server: ProductionServer): Promise<{ answer: Promise<string> }> {
  const socket = connect(server.port, '127.0.0.1');
  socket.on('error', () => {});
  let received = '';
  socket.on('data', (chunk) => (received += chunk.toString()));
  const answer = new Promise<string>((resolve) => socket.once('close', () => resolve(received)));
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write('POST /api/sse/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"str');
  return { answer };
}

/** The body of a GET as the bytes that came, without decoding any Content-Encoding, once the response ends. */
function responseBytes(url: string, headers: Record<string, string> = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (chunk: Buffer) => parts.push(chunk));
      res.on('end', () => resolve(Buffer.concat(parts)));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}
