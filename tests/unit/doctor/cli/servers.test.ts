/**
 * The doctor against small real servers, one for each case no failure lab
 * shows: a healthy stream, a wrong content type, ids without replay, no ids,
 * the restart loop, a 204, a redirect, a self-signed certificate, and input
 * that must give a clear message within bounded time.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createSecureServer } from 'node:http2';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../helpers/ports.ts';
import { doctorCli, json, runDoctor, type DoctorRun } from '../../../helpers/doctor-cli.ts';

/**
 * Runs that must stop early listen for 30 s: each must end well before, by
 * its cap or timeout or the server's end. Vitest's own limit is raised above
 * that, so a slow start of Node on a loaded machine fails the bound, not the
 * test's timeout.
 */
const DURATION_MS = 30_000;
const BOUNDED = { timeout: 45_000 };

const open: Array<Server | TcpServer> = [];
afterAll(async () => {
  for (const server of open) {
    if ('closeAllConnections' in server) server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function listen<T extends Server | TcpServer>(server: T, scheme = 'http'): Promise<string> {
  open.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return `${scheme}://127.0.0.1:${port}`;
}

/** Written against node:http; HTTP/2's compatibility API takes the same calls. */
/** A self-signed certificate for 127.0.0.1, made with openssl in `dir`. */
function selfSigned(dir: string): { key: Buffer; cert: Buffer } {
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
  ], { stdio: 'pipe' });
  return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const sseHeaders = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' };
const LAST_ID = 5;

/**
 * A stream done right: retry, a heartbeat every 200 ms, events 1–5 with ids
 * 300 ms apart, then the end; a reconnect resumes after its Last-Event-ID
 * and gets 204 once nothing is left.
 */
function healthy(options: { contentType?: string; ids?: boolean; replay?: boolean; close?: boolean } = {}): Handler {
  const { contentType = 'text/event-stream', ids = true, replay = true, close = true } = options;
  return (req, res) => {
    const lastId = replay ? Number(req.headers['last-event-id'] ?? 0) : 0;
    if (lastId >= LAST_ID) {
      res.writeHead(204).end();
      return;
    }
    res.writeHead(200, { ...sseHeaders, 'content-type': contentType });
    res.write('retry: 1000\n\n');
    let next = lastId + 1;
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), 200);
    const ticker = setInterval(() => {
      res.write(`${ids ? `id: ${next}\n` : ''}data: tick ${next}\n\n`);
      next += 1;
      if (next > LAST_ID && close) res.end();
    }, 300);
    res.on('close', () => {
      clearInterval(heartbeat);
      clearInterval(ticker);
    });
  };
}

const problems = (run: DoctorRun) => json(run).findings.filter((f) => f.severity === 'problem').map((f) => f.id);
const ids = (run: DoctorRun) => json(run).findings.map((f) => f.id);
const check = (run: DoctorRun, id: string) => json(run).checks.find((c) => c.id === id)!;

describe('sse-doctor against small servers', () => {
  it.concurrent('a healthy stream gets a clean bill: resumed after Last-Event-ID, 204 when done, exit 0', BOUNDED, async () => {
    const base = await listen(createServer(healthy()));
    // Cut by the doctor mid-stream: the reconnect must continue after the last id.
    const midway = await runDoctor([`${base}/events`, '--duration', '1s', '--json']);
    expect(midway.code, midway.stdout + midway.stderr).toBe(0);
    expect(json(midway).findings).toEqual([]);
    expect(check(midway, 'resume')).toMatchObject({ verdict: 'pass', evidence: { outcome: 'resumed' } });
    expect(check(midway, 'heartbeat').verdict).toBe('pass');
    // To its end: the reconnect with the last id gets 204, the clean stop.
    // The server ends after 1.5 s: the doctor reports then, not after its 30 s.
    const whole = await runDoctor([`${base}/events`, '--duration', '30s'], DURATION_MS + 10_000);
    expect(whole.code, whole.stdout).toBe(0);
    expect(whole.stdout).toContain('Clean bill');
    expect(whole.stdout).toMatch(/✓ Reconnect\s+204/);
    expect(whole.ms).toBeLessThan(DURATION_MS);
  });

  it.concurrent('a wrong content type is a problem, exit 1', async () => {
    const base = await listen(createServer(healthy({ contentType: 'text/plain; charset=utf-8' })));
    const run = await runDoctor([`${base}/events`, '--duration', '1s', '--json']);
    expect(run.code).toBe(1);
    expect(problems(run)).toEqual(['content-type-wrong']);
  });

  it.concurrent('ids without replay: the server ignores Last-Event-ID, exit 1', async () => {
    const base = await listen(createServer(healthy({ replay: false })));
    const run = await runDoctor([`${base}/events`, '--duration', '1s', '--json']);
    expect(run.code).toBe(1);
    expect(problems(run)).toEqual(['resume-ignored']);
  });

  it.concurrent('no ids is advice only, exit 0', async () => {
    const base = await listen(createServer(healthy({ ids: false, close: false })));
    const run = await runDoctor([`${base}/events`, '--duration', '1s', '--json']);
    expect(run.code).toBe(0);
    expect(ids(run)).toEqual(['no-ids']);
  });

  it.concurrent('200 from the start on every reconnect: the restart loop, as advice', async () => {
    const base = await listen(createServer(healthy({ ids: false })));
    const run = await runDoctor([`${base}/events`, '--duration', '5s', '--json']);
    expect(run.code).toBe(0);
    expect(ids(run)).toEqual(['no-ids', 'reconnect-restarts']);
  });

  it.concurrent('a 204 to the first request is a problem: EventSource stops before any event', async () => {
    const base = await listen(createServer((_, res) => res.writeHead(204).end()));
    const run = await runDoctor([`${base}/events`, '--duration', '1s', '--json']);
    expect(run.code).toBe(1);
    expect(problems(run)).toEqual(['status-no-content']);
  });

  it.concurrent('a redirect is followed as EventSource does, and named as advice', async () => {
    const stream = healthy();
    const base = await listen(
      createServer((req, res) => (req.url === '/old' ? res.writeHead(302, { location: '/events' }).end() : stream(req, res))),
    );
    const run = await runDoctor([`${base}/old`, '--duration', '1s', '--json']);
    expect(run.code).toBe(0);
    expect(json(run).findings).toEqual([
      expect.objectContaining({ id: 'status-redirect', severity: 'advice', evidence: { status: 302, location: '/events' } }),
    ]);
  });

  it.concurrent('a self-signed certificate: refused with a hint, accepted with --insecure, HTTP/2 by ALPN unless --http1.1', BOUNDED, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'doctor-tls-'));
    try {
      const server = createSecureServer(
        { ...selfSigned(dir), allowHTTP1: true },
        healthy() as unknown as Parameters<typeof createSecureServer>[1],
      );
      const base = await listen(server as unknown as Server, 'https');
      const refused = await runDoctor([`${base}/events`, '--duration', '1s']);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/TLS failed: .*--insecure/s);
      const [h2, h1] = await Promise.all([
        runDoctor([`${base}/events`, '--duration', '1s', '--insecure', '--json']),
        runDoctor([`${base}/events`, '--duration', '1s', '--insecure', '--http1.1', '--json']),
      ]);
      expect(h2.code, h2.stderr).toBe(0);
      expect(check(h2, 'http-version').evidence).toEqual({ httpVersion: '2' });
      expect(check(h2, 'resume').verdict).toBe('pass');
      expect(json(h2).findings).toEqual([]);
      expect(check(h1, 'http-version').evidence).toEqual({ httpVersion: '1.1' });
      expect(ids(h1)).toEqual(['http1-over-tls']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** One HTTP/2 frame (RFC 9113 §4.1). */
function h2Frame(type: number, flags: number, stream: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(9);
  head.writeUIntBE(payload.length, 0, 3);
  head[3] = type;
  head[4] = flags;
  head.writeUInt32BE(stream, 5);
  return Buffer.concat([head, payload]);
}

/** An HPACK literal field without indexing, new name, no Huffman (RFC 7541 §6.2.2): lengths below 127 only. */
function hpackLiteral(name: string, value: string): Buffer {
  return Buffer.concat([Buffer.from([0x00, name.length]), Buffer.from(name), Buffer.from([value.length]), Buffer.from(value)]);
}

describe('sse-doctor and a Connection header on HTTP/2', () => {
  it.concurrent('HTTP/2 rejects the response, the HTTP/1.1 retry shows the header: a problem, exit 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'doctor-h2-'));
    try {
      const { key, cert } = selfSigned(dir);
      // Node's http2 server refuses to send a Connection header, so this one writes its frames by hand.
      const sockets = new Set<TLSSocket>();
      const server = createTlsServer({ key, cert, ALPNProtocols: ['h2', 'http/1.1'] }, (socket) => {
        sockets.add(socket);
        socket.on('error', () => {});
        if (socket.alpnProtocol !== 'h2') {
          socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nX-Accel-Buffering: no\r\nConnection: keep-alive\r\n\r\nretry: 1000\n\ndata: hi\n\n');
          return;
        }
        socket.once('data', () => {
          socket.write(h2Frame(0x4, 0, 0, Buffer.alloc(0))); // SETTINGS
          socket.write(h2Frame(0x4, 0x1, 0, Buffer.alloc(0))); // SETTINGS ack
          const fields = Buffer.concat([Buffer.from([0x88]), hpackLiteral('content-type', 'text/event-stream'), hpackLiteral('connection', 'keep-alive')]);
          socket.write(h2Frame(0x1, 0x4, 1, fields)); // HEADERS, END_HEADERS; 0x88 is :status 200
        });
      });
      const base = await listen(server, 'https');
      const run = await runDoctor([`${base}/events`, '--duration', '1s', '--insecure', '--json']);
      for (const socket of sockets) socket.destroy();
      expect(run.code, run.stderr).toBe(1);
      expect(json(run).findings.filter((f) => f.severity === 'problem')).toEqual([
        expect.objectContaining({ id: 'connection-header-on-http2', evidence: { value: 'connection: keep-alive' } }),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('sse-doctor on bad input: a clear message, a bounded run', () => {
  it.concurrent('a URL that is not http(s)', async () => {
    const run = await runDoctor(['ftp://example.com/events']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Not an http or https URL: ftp://example.com/events');
  });

  it.concurrent('options it cannot use, said in the language asked for', async () => {
    const [lang, duration, header] = await Promise.all([
      runDoctor(['http://127.0.0.1/', '--lang', 'fr']),
      runDoctor(['http://127.0.0.1/', '--lang', 'de', '--duration', '0s']),
      runDoctor(['http://127.0.0.1/', '-H', 'no colon']),
    ]);
    expect([lang.code, duration.code, header.code]).toEqual([2, 2, 2]);
    expect(lang.stderr).toContain('Not a language of the report: fr (en or de)');
    expect(duration.stderr).toContain('Keine Dauer: 0s');
    expect(header.stderr).toContain("Not a header: no colon (write it as 'Name: value')");
  });

  it.concurrent('an unreachable host', async () => {
    const port = await freePort();
    const run = await runDoctor([`http://127.0.0.1:${port}/events`, '--duration', '3s']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`Cannot connect to 127.0.0.1:${port}: ECONNREFUSED`);
  });

  it.concurrent('50 MB of garbage as an event stream: read up to the 8 MiB cap, named as binary', BOUNDED, async () => {
    // One block of random bytes, sent again and again: garbage all the same, and cheap on a busy machine.
    const garbage = randomBytes(65_536);
    const base = await listen(
      createServer((_, res) => {
        res.writeHead(200, sseHeaders);
        let left = 50 * 1024 * 1024;
        const pump = (): void => {
          while (left > 0 && !res.destroyed) {
            left -= garbage.byteLength;
            if (!res.write(garbage)) return void res.once('drain', pump);
          }
          res.end();
        };
        pump();
      }),
    );
    const run = await runDoctor([`${base}/events`, '--duration', '30s', '--json'], DURATION_MS + 10_000);
    expect(run.stderr).toContain('Stopped reading at 8388608 bytes');
    expect(run.code).toBe(1);
    expect(problems(run)).toContain('compressed-without-header');
    expect(run.ms).toBeLessThan(DURATION_MS);
  });

  it.concurrent('a gzip body that unpacks to 64 MiB: decoding stops at the 8 MiB cap', BOUNDED, async () => {
    // One endless line: the cap is what is tested, not the parser's speed on a million short lines.
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 'x'));
    const base = await listen(createServer((_, res) => res.writeHead(200, { ...sseHeaders, 'content-encoding': 'gzip' }).end(bomb)));
    const run = await runDoctor([`${base}/events`, '--duration', '30s', '--json'], DURATION_MS + 10_000);
    expect(run.stderr).toContain('Stopped reading at 8388608 bytes');
    expect(run.ms).toBeLessThan(DURATION_MS);
  });

  it.concurrent('garbage instead of HTTP, headers that never end, headers that grow without end', BOUNDED, async () => {
    const tcp = (onSocket: (socket: Socket) => void) => {
      const server = createTcpServer((socket) => {
        socket.on('error', () => {});
        onSocket(socket);
      });
      return listen(server);
    };
    const garbage = await tcp((socket) => {
      const pump = (): void => {
        while (!socket.destroyed && socket.write(randomBytes(65_536)));
        if (!socket.destroyed) socket.once('drain', pump);
      };
      pump();
    });
    const trickle = await tcp((socket) => {
      socket.write('HTTP/1.1 200 OK\r\n');
      const timer = setInterval(() => socket.write('X-Pad: a\r\n'), 100);
      socket.on('close', () => clearInterval(timer));
    });
    const flood = await tcp((socket) => {
      socket.write('HTTP/1.1 200 OK\r\n');
      const pump = (): void => {
        while (!socket.destroyed && socket.write('X-Pad: aaaaaaaaaaaaaaaaaaaaaaaa\r\n'));
        if (!socket.destroyed) socket.once('drain', pump);
      };
      pump();
    });
    const [noHttp, slow, huge] = await Promise.all([
      runDoctor([`${garbage}/events`, '--duration', '3s']),
      runDoctor([`${trickle}/events`, '--duration', '30s', '--header-timeout', '1s'], DURATION_MS + 10_000),
      runDoctor([`${flood}/events`, '--duration', '3s']),
    ]);
    expect([noHttp.code, slow.code, huge.code]).toEqual([2, 2, 2]);
    expect(noHttp.stderr).toContain("The server's answer is not valid HTTP");
    // The configured 1 s, not the default 10 s, and well before the 30 s duration.
    expect(slow.stderr).toContain('No complete response headers within 1 s');
    expect(slow.ms).toBeLessThan(DURATION_MS);
    expect(huge.stderr).toContain("The server's answer is not valid HTTP");
  });
});

describe('sse-doctor interrupted', () => {
  it.concurrent('Ctrl-C gives the report for what arrived so far', async () => {
    const base = await listen(createServer(healthy({ close: false })));
    const child = spawn(process.execPath, [doctorCli, `${base}/events`, '--json'], {
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data: Buffer) => (stdout += data));
    child.stderr.on('data', (data: Buffer) => (stderr += data));
    // Events come every 300 ms; after 1.5 s of the default 75 s, Ctrl-C.
    while (!stderr.includes('Listening')) await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    child.kill('SIGINT');
    const code = await new Promise((resolve) => child.once('close', resolve));
    expect(stderr).toContain('Interrupted: the report covers what arrived until then.');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { checks: Array<{ id: string; evidence: Record<string, number> }> };
    expect(report.checks.find((c) => c.id === 'buffering')?.evidence['events']).toBeGreaterThanOrEqual(2);
  });
});
