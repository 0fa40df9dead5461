/**
 * Runs the broadcasting guide's server (src/snippets/broadcasting/broadcast-server.mjs)
 * as a child process, as a reader would with `node broadcast-server.mjs`, and
 * checks what the guide says about it: fan-out to every stream, history for
 * new readers, replay after Last-Event-ID, the reset event, the bounded
 * history, and dropping a reader that stops reading; and the page's three
 * curl steps (src/snippets/broadcasting/*.sh), run as written.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { multibyteTextInPieces, postInPieces } from '../../../helpers/post-in-pieces.ts';
import { snippetNode } from '../../../helpers/snippet-node.ts';
import { openEventStream, type EventStreamReader } from '../../../helpers/event-stream-reader.ts';
import { followBroadcastSteps } from '../../../helpers/broadcast-steps.ts';
import { printedMessages } from '../../../helpers/shown-command.ts';

const serverPath = fileURLToPath(new URL('../../../../src/snippets/broadcasting/broadcast-server.mjs', import.meta.url));

let child: ChildProcess | undefined;
let base = '';
let port = 0;
let output = '';
const open: EventStreamReader[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function startServer(): Promise<void> {
  port = await freePort();
  base = `http://localhost:${port}`;
  output = '';
  child = spawn(snippetNode, [serverPath], { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + 10_000;
  while (!output.includes('Broadcast server:')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`broadcast-server.mjs did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function stopServer(): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child!.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

beforeAll(startServer, 15_000);
afterAll(stopServer);
afterEach(() => {
  for (const client of open.splice(0)) client.close();
});

async function listen(lastEventId?: string): Promise<EventStreamReader> {
  const client = await openEventStream(`${base}/events`, { headers: lastEventId === undefined ? {} : { 'Last-Event-ID': lastEventId } });
  open.push(client);
  return client;
}

async function post(text: string): Promise<{ status: number; id: string }> {
  const response = await fetch(`${base}/messages`, { method: 'POST', body: text });
  return { status: response.status, id: (await response.text()).trim() };
}

const texts = (client: EventStreamReader) =>
  client.events.filter((event) => event.type === 'message').map((event) => JSON.parse(event.data).text as string);

/** Waits until the server has had time to write to open streams. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

describe('the broadcasting guide server (broadcast-server.mjs)', () => {
  it('sends every posted message, with an id, to every open stream', async () => {
    const readers = [await listen(), await listen(), await listen()];
    await settle();
    const before = readers.map((reader) => reader.events.length);
    const { status, id } = await post('to everyone');
    expect(status).toBe(201);
    for (const [index, reader] of readers.entries()) {
      const [event] = (await reader.waitForEvents(before[index]! + 1)).slice(-1);
      expect(JSON.parse(event!.data)).toEqual({ text: 'to everyone' });
      expect(event!.lastEventId).toBe(id);
    }
  });

  it('keeps a line break inside a message inside one event', async () => {
    const reader = await listen();
    await settle();
    const before = reader.events.length;
    await post('two\nlines');
    const events = await reader.waitForEvents(before + 1);
    expect(JSON.parse(events.at(-1)!.data)).toEqual({ text: 'two\nlines' });
  });

  it('sends a new reader the history first', async () => {
    await post('history one');
    await post('history two');
    const reader = await listen();
    await settle();
    expect(texts(reader).slice(-2)).toEqual(['history one', 'history two']);
  });

  it('replays only what a reconnecting reader missed after its Last-Event-ID', async () => {
    const { id } = await post('seen');
    await post('missed 1');
    await post('missed 2');
    const reader = await listen(id);
    await settle();
    expect(reader.events.map((event) => event.type)).not.toContain('reset');
    expect(texts(reader)).toEqual(['missed 1', 'missed 2']);
  });

  it('sends a reset event, then the whole history, for an id it cannot replay', async () => {
    await post('still here');
    const reader = await listen('someotherprocess.5');
    await settle();
    const [reset, ...rest] = reader.events;
    expect(reset!.type).toBe('reset');
    expect(reset!.lastEventId).toBe('');
    expect(rest.map((event) => JSON.parse(event.data).text)).toContain('still here');
  });

  it('keeps no more than 100 messages of history, the newest ones', async () => {
    const ids: string[] = [];
    for (let i = 1; i <= 105; i++) ids.push((await post(`bounded ${i}`)).id);
    const reader = await listen();
    await settle();
    expect(texts(reader)).toEqual(Array.from({ length: 100 }, (_, i) => `bounded ${i + 6}`));
    // The dropped ones can no longer be replayed: a reader that saw only "bounded 1" gets a reset.
    const behind = await listen(ids[0]);
    await settle();
    expect(behind.events[0]!.type).toBe('reset');
    // One that saw "bounded 5" missed nothing that is gone.
    const justInTime = await listen(ids[4]);
    await settle();
    expect(justInTime.events[0]!.type).toBe('message');
    expect(texts(justInTime)).toHaveLength(100);
  });

  it('keeps a multibyte character whose bytes arrive in two chunks of the body', async () => {
    const reader = await listen();
    await settle();
    const before = reader.events.length;
    const { text, pieces } = multibyteTextInPieces();
    expect((await postInPieces(`${base}/messages`, pieces)).status).toBe(201);
    const events = await reader.waitForEvents(before + 1);
    expect(JSON.parse(events.at(-1)!.data)).toEqual({ text });
  });

  it('refuses empty and oversized messages', async () => {
    expect((await post('   ')).status).toBe(400);
    expect((await post('x'.repeat(2000))).status).toBe(413);
  });

  it('drops a reader that stops reading, while the others receive everything', async () => {
    // A raw socket that reads nothing. The kernel's socket buffers take a few
    // MB on loopback before Node's own queue grows past the limit: send 6 MB.
    const stalled = net.connect({ host: 'localhost', port });
    stalled.pause();
    stalled.write('GET /events HTTP/1.1\r\nHost: localhost\r\n\r\n');
    const healthy = await listen();
    await settle();
    const before = healthy.events.length;
    const count = 6000;
    for (let batch = 0; batch < count; batch += 50) {
      await Promise.all(Array.from({ length: 50 }, (_, i) => post(`${batch + i} ${'y'.repeat(1000)}`)));
    }
    await healthy.waitForEvents(before + count, 20_000);

    // Now read what the stalled reader was sent: the server must have closed it part-way.
    let stalledBytes = 0;
    stalled.on('data', (chunk: Buffer) => (stalledBytes += chunk.byteLength));
    const closed = new Promise<boolean>((resolve) => {
      stalled.once('close', () => resolve(true));
      setTimeout(() => resolve(false), 5_000);
    });
    stalled.resume();
    expect(await closed).toBe(true);
    expect(stalledBytes).toBeLessThan(count * 1000);
    expect(texts(healthy).slice(before)).toHaveLength(count);
  }, 60_000);

  it('does not set a Connection header itself', () => {
    const code = readFileSync(serverPath, 'utf8').replace(/\/\/.*$/gm, '');
    expect(code).not.toMatch(/\bconnection\b['"`]?\s*[:,]/i);
  });
});

describe("the broadcasting page's steps, with its curl lines", () => {
  it('two listen.sh streams print the event of send-message.sh; resume.sh with LAST_ID prints exactly the two it missed', async () => {
    const route = { 3000: port };
    const steps = await followBroadcastSteps({
      listen: 'broadcasting/listen.sh',
      send: 'broadcasting/send-message.sh',
      resume: 'broadcasting/resume.sh',
      listenPorts: route,
      sendPorts: route,
      streams: 2,
    });
    // Both streams print the same event, the last before the first one stopped.
    for (const output of steps.streams.map((stream) => printedMessages(stream))) {
      expect(output.find((event) => event.id === steps.id)).toEqual({ id: steps.id, text: 'Hi' });
    }
    expect(printedMessages(steps.streams[0]!).at(-1)!.id).toBe(steps.id);
    expect(steps.resumed).not.toContain('event: reset');
    expect(printedMessages(steps.resumed)).toEqual(steps.missed.map((id) => ({ id, text: 'Hi' })));
  }, 20_000);
});
