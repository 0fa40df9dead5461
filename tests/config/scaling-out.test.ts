/**
 * The scaling-out guide's setup, run for real: a `redis-server` (Debian's
 * package, no persistence), two instances of
 * src/snippets/scaling-out/redis-broadcast-server.mjs started with the
 * page's own commands (start-instance-3001.sh, start-instance-3002.sh) on
 * free ports, and Debian's nginx with
 * src/snippets/scaling-out/load-balancer.conf in front of them. Each test
 * checks one thing the page says about it; one runs the page's curl steps.
 *
 * The tests share the servers and run in order; the Redis restart comes
 * last. Every message text is unique, so a test never mistakes another
 * test's message (they stay in the shared history) for its own.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';

import { multibyteTextInPieces, postInPieces } from '../helpers/post-in-pieces.ts';
import { rawExchange } from '../helpers/raw-request.ts';
import { startRedis, type TestRedis } from '../helpers/redis-server.ts';
import { startNginx, type Nginx } from './harness/nginx.ts';
import { fillPlaceholders } from './harness/placeholders.ts';
import { describeWithServers } from './harness/requirements.ts';
import { openEventStream, type EventStreamReader } from '../helpers/event-stream-reader.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { acceptsConnections, freePort } from '../helpers/ports.ts';
import { followBroadcastSteps } from '../helpers/broadcast-steps.ts';
import { printedMessages, settingsShim, startShownCommand, type RunningCommand } from '../helpers/shown-command.ts';
import { snippetNode } from '../helpers/snippet-node.ts';

const serverScript = 'src/snippets/scaling-out/redis-broadcast-server.mjs';
const loadBalancerConf = readFileSync(new URL('../../src/snippets/scaling-out/load-balancer.conf', import.meta.url), 'utf8');

/** The snippet's history length (HISTORY_LENGTH). */
const HISTORY_LENGTH = 100;

/** An instance of the server, started by the page's command. */
interface Instance {
  port: number;
  address: string;
  stop(): Promise<void>;
}

let redis: TestRedis | undefined;
let a: Instance | undefined;
let b: Instance | undefined;
let nginx: Nginx | undefined;
const open: EventStreamReader[] = [];

const snippetFolder = fileURLToPath(new URL('../../src/snippets/scaling-out/', import.meta.url));

/**
 * Runs a page's start command (`PORT=3001 REDIS_URL=… node redis-broadcast-server.mjs`)
 * as written, from the snippet's folder; the `node` it finds swaps the
 * page's port and Redis for the test's (a wrong name or value fails).
 */
async function startInstance(file: string, pagePort: string): Promise<Instance> {
  const port = await freePort();
  const node = settingsShim(snippetNode, {
    PORT: { page: pagePort, test: String(port) },
    REDIS_URL: { page: 'redis://127.0.0.1:6379', test: redis!.url },
  });
  const command: RunningCommand = startShownCommand(file, {}, { shims: { node }, cwd: snippetFolder });
  const deadline = Date.now() + 10_000;
  while (!(await acceptsConnections(port))) {
    if (Date.now() > deadline || command.exited()) {
      await command.stop();
      throw new Error(`${file} did not listen on ${port}:\n${command.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { port, address: `127.0.0.1:${port}`, stop: command.stop };
}

const base = (instance: Instance | undefined): string => `http://${instance!.address}`;
const throughNginx = (): string => nginx!.url('');

/**
 * Opens a stream; fails after 5 s without response headers (a buffering
 * proxy holds back even those), so a broken setup fails here, not at the
 * test's timeout.
 */
async function listen(origin: string, lastEventId?: string): Promise<EventStreamReader> {
  const headers: Record<string, string> = lastEventId === undefined ? {} : { 'Last-Event-ID': lastEventId };
  let timer: NodeJS.Timeout | undefined;
  const client = await Promise.race([
    openEventStream(`${origin}/events`, { headers }),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no response headers from ${origin}/events within 5 s`)), 5_000);
    }),
  ]).finally(() => clearTimeout(timer));
  open.push(client);
  return client;
}

async function post(origin: string, text: string): Promise<{ status: number; id: string; retryAfter: string | null }> {
  const response = await fetch(`${origin}/messages`, { method: 'POST', body: text });
  return { status: response.status, id: (await response.text()).trim(), retryAfter: response.headers.get('retry-after') };
}

const texts = (client: EventStreamReader): string[] =>
  client.events.filter((event) => event.type === 'message').map((event) => (JSON.parse(event.data) as { text: string }).text);

/** Time for anything the server would still send (a duplicate, a late replay) to arrive. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

function arrives(client: EventStreamReader, text: string, timeoutMs = 5_000): Promise<void> {
  return waitFor(() => texts(client).includes(text), timeoutMs, `"${text}" on the stream`);
}

describeWithServers(['nginx', 'redis-server'], 'two instances of the scaling-out server sharing one Redis, behind nginx', () => {
  beforeAll(async () => {
    redis = await startRedis();
    const started = await Promise.allSettled([
      startInstance('scaling-out/start-instance-3001.sh', '3001'),
      startInstance('scaling-out/start-instance-3002.sh', '3002'),
    ]);
    [a, b] = started.map((result) => (result.status === 'fulfilled' ? result.value : undefined));
    for (const result of started) if (result.status === 'rejected') throw result.reason;
    nginx = await startNginx({
      site: ({ httpPort, dir }) =>
        fillPlaceholders(loadBalancerConf, {
          'listen 80;': `listen 127.0.0.1:${httpPort};`,
          'sse.example.com': 'localhost',
          '127.0.0.1:3001': a!.address,
          '127.0.0.1:3002': b!.address,
        }) +
        // Not part of the guide's file: a log of which instance served each request.
        `\nlog_format upstreams '$request_method $uri $upstream_addr';\naccess_log ${dir.path('upstreams.log')} upstreams;\n`,
    });
  }, 60_000);

  afterEach(() => {
    for (const client of open.splice(0)) client.close();
  });

  afterAll(async () => {
    await nginx?.stop();
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.dispose();
  });

  it('delivers a message posted to one instance to a reader of the other, once', async () => {
    const reader = await listen(base(b));
    expect((await post(base(a), 'posted to A')).status).toBe(201);
    await arrives(reader, 'posted to A');
    await settle();
    expect(texts(reader).filter((text) => text === 'posted to A')).toHaveLength(1);
    expect(reader.events.at(-1)!.lastEventId).toMatch(/^\d+-\d+$/);
  });

  it("the page's curl steps: listen-on-3001.sh prints what send-to-3002.sh posts; resume-on-3002.sh with LAST_ID prints exactly the two it missed", async () => {
    // Each command reaches only the instance the page names; the other port leads nowhere.
    const nowhere = await freePort();
    const steps = await followBroadcastSteps({
      listen: 'scaling-out/listen-on-3001.sh',
      send: 'scaling-out/send-to-3002.sh',
      resume: 'scaling-out/resume-on-3002.sh',
      listenPorts: { 3001: a!.port, 3002: nowhere },
      sendPorts: { 3001: nowhere, 3002: b!.port },
      streams: 1,
    });
    // The POST prints the id Redis gave the message; the stream on the other instance prints it.
    expect(steps.id).toMatch(/^\d+-\d+$/);
    expect(printedMessages(steps.streams[0]!).at(-1)).toEqual({ id: steps.id, text: 'Hi' });
    expect(steps.resumed).not.toContain('event: reset');
    expect(printedMessages(steps.resumed)).toEqual(steps.missed.map((id) => ({ id, text: 'Hi' })));
  });

  it('keeps a multibyte character whose bytes arrive in two chunks of the body', async () => {
    const reader = await listen(base(b));
    const { text, pieces } = multibyteTextInPieces();
    expect((await postInPieces(`${base(a)}/messages`, pieces)).status).toBe(201);
    await arrives(reader, text);
  });

  it('gives a reader that drops from one instance and reconnects to the other exactly what it missed, in order', async () => {
    const first = await listen(base(a));
    await post(base(a), 'seen before the drop');
    await arrives(first, 'seen before the drop');
    const lastEventId = first.lastEventId;
    first.close();

    await post(base(a), 'missed 1');
    await post(base(b), 'missed 2');
    await post(base(a), 'missed 3');
    const resumed = await listen(base(b), lastEventId);
    await arrives(resumed, 'missed 3');
    await post(base(a), 'live after the replay');
    await arrives(resumed, 'live after the replay');
    await settle();
    expect(resumed.events.map((event) => event.type)).not.toContain('reset');
    expect(texts(resumed)).toEqual(['missed 1', 'missed 2', 'missed 3', 'live after the replay']);
  });

  it('sends a reset and then the whole history for an id older than the history, and no reset for the oldest id it still has', async () => {
    const { id: forgotten } = await post(base(a), 'soon trimmed');
    const kept: string[] = [];
    for (let i = 1; i <= HISTORY_LENGTH; i++) kept.push((await post(base(i % 2 ? a : b), `filler ${i}`)).id);

    const behind = await listen(base(b), forgotten);
    await arrives(behind, `filler ${HISTORY_LENGTH}`);
    await settle();
    expect(behind.events[0]!.type).toBe('reset');
    // The reset's empty id clears the browser's last event ID.
    expect(behind.events[0]!.lastEventId).toBe('');
    expect(texts(behind)).toEqual(Array.from({ length: HISTORY_LENGTH }, (_, i) => `filler ${i + 1}`));

    const justInTime = await listen(base(a), kept[0]);
    await arrives(justInTime, `filler ${HISTORY_LENGTH}`);
    await settle();
    expect(justInTime.events.map((event) => event.type)).not.toContain('reset');
    expect(texts(justInTime)).toEqual(Array.from({ length: HISTORY_LENGTH - 1 }, (_, i) => `filler ${i + 2}`));
  });

  it('gives readers that reconnect while messages are being posted every message once, in the order of the stream', async () => {
    const { id: marker } = await post(base(a), 'before the burst');
    const witness = await listen(base(b), marker);
    const burst = Array.from({ length: 60 }, (_, i) => `burst ${i + 1}`);
    const posting = (async () => {
      // Five at a time, to both instances: their order is whatever order Redis gives them.
      for (let i = 0; i < burst.length; i += 5) {
        await Promise.all(burst.slice(i, i + 5).map((text, j) => post(base((i + j) % 2 ? a : b), text)));
      }
    })();
    const joiners: EventStreamReader[] = [];
    for (let i = 0; i < 6; i++) {
      joiners.push(await listen(base(i % 2 ? a : b), marker));
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    await posting;
    await waitFor(() => texts(witness).length === burst.length, 5_000, 'the whole burst on the first reader');
    for (const joiner of joiners) await waitFor(() => texts(joiner).length >= burst.length, 5_000, 'the whole burst');
    await settle();
    expect([...texts(witness)].sort()).toEqual([...burst].sort());
    for (const joiner of joiners) expect(texts(joiner)).toEqual(texts(witness));
  });

  it('answers a request target that is no path (GET //[) with 400 and keeps serving', async () => {
    expect(await rawExchange(a!.port, 'GET //[ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).toMatch(/^HTTP\/1\.1 400 /);
    expect(await rawExchange(a!.port, 'GET /no-such-path HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).toMatch(/^HTTP\/1\.1 404 /);
  });

  it('sends a reset for an id that was never in the history', async () => {
    const reader = await listen(base(a), 'not-a-redis-id');
    await waitFor(() => reader.events.length > 0, 5_000, 'the first event');
    expect(reader.events[0]!.type).toBe('reset');
  });

  it('through nginx, each event reaches the reader before the next one is posted', async () => {
    const reader = await listen(throughNginx());
    for (let i = 1; i <= 3; i++) {
      await post(throughNginx(), `unbuffered ${i}`);
      await arrives(reader, `unbuffered ${i}`, 2_000);
    }
  });

  it('through nginx, every reader gets every post in the same order, whichever instance each landed on', async () => {
    const readers = [await listen(throughNginx()), await listen(throughNginx()), await listen(throughNginx())];
    const sent = ['round robin 1', 'round robin 2', 'round robin 3', 'round robin 4'];
    for (const text of sent) expect((await post(throughNginx(), text)).status).toBe(201);
    for (const reader of readers) await arrives(reader, sent.at(-1)!);
    await settle();
    for (const reader of readers) expect(texts(reader).filter((text) => sent.includes(text))).toEqual(sent);

    // nginx logs a stream when it ends: close them, then see where each request went.
    for (const reader of readers) reader.close();
    const served = (method: string, uri: string) => () => {
      const lines = nginx!.dir.readIfExists('upstreams.log').split('\n');
      const upstreams = new Set(lines.filter((line) => line.startsWith(`${method} ${uri} `)).map((line) => line.split(' ')[2]));
      return upstreams.has(a!.address) && upstreams.has(b!.address);
    };
    await waitFor(served('GET', '/events'), 5_000, 'streams served by both instances in the nginx log');
    await waitFor(served('POST', '/messages'), 5_000, 'posts served by both instances in the nginx log');
  });

  it('keeps streams open while Redis is down, answers posts with 503, ends new streams, and delivers again once Redis is back, without a restart', async () => {
    const reader = await listen(base(b));
    let ended = false;
    void reader.ended.then(() => (ended = true));
    const { id: beforeOutage } = await post(base(a), 'before the outage');
    await arrives(reader, 'before the outage');

    await redis!.stop();
    const refused = await post(base(a), 'while Redis is away');
    expect(refused.status).toBe(503);
    expect(refused.retryAfter).toBe('5');
    // A new stream cannot get its replay: it ends at once, without events, and the browser comes back later.
    const meanwhile = await listen(base(b));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      meanwhile.ended,
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('a new stream stayed open without Redis')), 5_000))),
    ]).finally(() => clearTimeout(timer));
    expect(meanwhile.status).toBe(200);
    expect(meanwhile.events).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(ended).toBe(false);

    await redis!.start();
    // ioredis reconnects on its own schedule (at most about 5 s between tries): post until it is back.
    const deadline = Date.now() + 15_000;
    let status = 0;
    while (status !== 201 && Date.now() < deadline) {
      status = (await post(base(a), 'after the restart')).status;
      if (status !== 201) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toBe(201);
    await arrives(reader, 'after the restart', 10_000);
    await settle();
    expect(ended).toBe(false);
    expect(texts(reader).slice(texts(reader).indexOf('before the outage'))).toEqual(['before the outage', 'after the restart']);

    // This Redis keeps nothing on disk: the history went with it, and an id from before gets a reset.
    const late = await listen(base(a), beforeOutage);
    await arrives(late, 'after the restart');
    expect(late.events[0]!.type).toBe('reset');
    expect(texts(late)).toEqual(['after the restart']);
  }, 45_000);
});

it('the scaling-out server does not set a Connection header itself (it would be wrong over HTTP/2)', () => {
  const code = readFileSync(new URL(`../../${serverScript}`, import.meta.url), 'utf8').replace(/\/\/.*$/gm, '');
  expect(code).not.toMatch(/\bconnection\b['"`]?\s*[:,]/i);
});
