/**
 * Runs the reconnection guide's two snippets for real: the replay server
 * (src/snippets/protocol/replay-server.mjs) as a child process, exactly as a
 * reader starts it, and the client (follow-feed.js) with undici's
 * EventSource, the implementation Node ships, which follows the standard's
 * reconnection rules (Last-Event-ID, `retry:`, CLOSED on a non-200 status).
 * The page's curl line (resume-after-5.sh) runs as written against the server
 * started with its defaults.
 *
 * Between them sits a small TCP proxy the tests can cut or turn into a
 * "502 Bad Gateway" answering machine, the two failures the guide is about.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { EventSource } from 'undici';
import { snippetNode } from '../../../helpers/snippet-node.ts';
import { startShownCommand } from '../../../helpers/shown-command.ts';
import { waitFor } from '../../../helpers/wait-for.ts';

const serverPath = fileURLToPath(new URL('../../../../src/snippets/protocol/replay-server.mjs', import.meta.url));

type Handlers = { onEvent(data: { n: number }): void; onReset(data: { n: number }): void; onDone(): void };
type FollowFeed = (url: string, handlers: Handlers, options?: { recreateAfterMs?: number }) => { stop(): void };

// The client snippet is browser code: it finds EventSource and location as globals.
Object.assign(globalThis, { EventSource, location: { href: 'http://localhost/' } });
const { followFeed } = (await import('../../../../src/snippets/protocol/follow-feed.js')) as { followFeed: FollowFeed };

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function startServer(env: Record<string, string>): Promise<number> {
  const port = await freePort();
  const child: ChildProcess = spawn(snippetNode, [serverPath], {
    env: { ...process.env, PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanups.push(() => child.kill());
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk;
      if (output.includes('Replay feed:')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`replay-server.mjs exited (${code}):\n${output}`)));
  });
  return port;
}

/** A TCP proxy in front of the server: `cut()` drops every open connection, `mode` 'bad-gateway' answers 502. */
async function startProxy(target: number) {
  const sockets = new Set<net.Socket>();
  const requestLines: string[] = [];
  const proxy = {
    mode: 'pass' as 'pass' | 'bad-gateway',
    requestLines,
    url: '',
    cut() {
      for (const socket of sockets) socket.destroy();
    },
  };
  const server = net.createServer((client) => {
    sockets.add(client);
    client.once('close', () => sockets.delete(client));
    client.once('data', (first: Buffer) => {
      requestLines.push(first.toString('latin1').split('\r\n').slice(0, 12).join('\n'));
      if (proxy.mode === 'bad-gateway') {
        client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
        return;
      }
      const upstream = net.connect(target, 'localhost');
      sockets.add(upstream);
      upstream.once('close', () => {
        sockets.delete(upstream);
        client.destroy();
      });
      client.once('close', () => upstream.destroy());
      upstream.write(first);
      client.pipe(upstream).pipe(client);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/events`;
  cleanups.push(() => {
    proxy.cut();
    server.close();
  });
  return proxy;
}

function follow(url: string, recreateAfterMs = 200) {
  const seen: number[] = [];
  const resets: number[] = [];
  let done = false;
  const feed = followFeed(
    url,
    { onEvent: ({ n }) => seen.push(n), onReset: ({ n }) => resets.push(n), onDone: () => (done = true) },
    { recreateAfterMs },
  );
  cleanups.push(() => feed.stop());
  return { seen, resets, isDone: () => done };
}

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the condition');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** 1, 2, 3 … n without gaps or repeats, starting wherever the client started. */
function isUnbroken(numbers: number[]): boolean {
  return numbers.every((n, i) => i === 0 || n === numbers[i - 1]! + 1);
}

describe('the reconnection guide’s replay server and client', () => {
  it('resume after a dropped connection: EventSource sends Last-Event-ID and the server replays the gap', async () => {
    const proxy = await startProxy(await startServer({ TICK_MS: '40', TOTAL: '1000', RETRY_MS: '300' }));
    const client = follow(proxy.url);
    await until(() => client.seen.length >= 5);
    proxy.cut();
    const cutAt = client.seen.at(-1)!;
    await until(() => client.seen.length >= 5 + 15);

    const resumedFrom = proxy.requestLines.map((request) => /^last-event-id: (\d+)$/im.exec(request)?.[1]).find(Boolean);
    expect(Number(resumedFrom)).toBeGreaterThanOrEqual(cutAt);
    expect(isUnbroken(client.seen)).toBe(true);
    expect(client.resets).toEqual([]);
  });

  it('come back after a 502 has closed the EventSource, carrying the last ID in the URL of a new one', async () => {
    const proxy = await startProxy(await startServer({ TICK_MS: '40', TOTAL: '1000', RETRY_MS: '100' }));
    const client = follow(proxy.url, 300);
    await until(() => client.seen.length >= 5);
    proxy.mode = 'bad-gateway';
    proxy.cut();
    // EventSource reconnects once by itself, gets the 502 and gives up for good.
    await until(() => proxy.requestLines.length >= 2);
    const lastBefore = client.seen.at(-1)!;
    await new Promise((resolve) => setTimeout(resolve, 500));
    proxy.mode = 'pass';
    await until(() => client.seen.at(-1)! > lastBefore + 10);

    expect(proxy.requestLines.some((request) => request.startsWith(`GET /events?lastEventId=${lastBefore} `))).toBe(true);
    expect(isUnbroken(client.seen)).toBe(true);
    expect(client.resets).toEqual([]);
  });

  it('send a reset event carrying the current ID when the last ID is older than the history', async () => {
    const port = await startServer({ TICK_MS: '30', TOTAL: '1000', HISTORY: '5' });
    await new Promise((resolve) => setTimeout(resolve, 600));
    const response = await fetch(`http://localhost:${port}/events`, { headers: { 'Last-Event-ID': '1' } });
    const reader = response.body!.getReader();
    const { value } = await reader.read();
    await reader.cancel();
    const text = new TextDecoder().decode(value);
    const reset = /id: (\d+)\nevent: reset\ndata: \{"n":(\d+)\}\n\n/.exec(text);
    expect(reset, text).not.toBeNull();
    expect(Number(reset![1])).toBeGreaterThan(6);
    expect(reset![2]).toBe(reset![1]);
  });

  it('end with a done event the client answers with close(), and 204 for a reconnect after the end', async () => {
    const port = await startServer({ TICK_MS: '30', TOTAL: '20' });
    const client = follow(`http://localhost:${port}/events`);
    await until(client.isDone);
    expect(client.seen.at(-1)).toBe(20);

    const late = await fetch(`http://localhost:${port}/events`, { headers: { 'Last-Event-ID': '20' } });
    expect(late.status).toBe(204);
    // A client that missed the end still gets its missing events and the done event.
    const behind = await fetch(`http://localhost:${port}/events?lastEventId=18`);
    expect(await behind.text()).toMatch(/^retry: \d+\n\nid: 19\n[^]*id: 20\n[^]*event: done\n/);
  });

  it("the page's curl line (protocol/resume-after-5.sh): retry: 2000, the events after 5 up to now at once, then one a second", async () => {
    // As the page starts it: the defaults, one event a second. By 7.5 s in, events 1-7 exist.
    const port = await startServer({});
    await new Promise((resolve) => setTimeout(resolve, 7_500));
    const watcher = startShownCommand('protocol/resume-after-5.sh', { 3000: port });
    const printedIds = () => [...watcher.output().matchAll(/^id: (\d+)$/gm)].map(([, id]) => Number(id));
    try {
      await waitFor(() => printedIds().length >= 2, 1_000, 'the replayed events 6 and 7');
      const replayed = printedIds();
      expect(watcher.output()).toMatch(/^retry: 2000\n\nid: 6\n/);
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      const live = printedIds().slice(replayed.length);
      // 2.5 s at one a second: 2, or 1 or 3 on a busy machine, never the burst of a replay.
      expect(live.length).toBeGreaterThanOrEqual(1);
      expect(live.length).toBeLessThanOrEqual(3);
      expect(printedIds()).toEqual(Array.from({ length: printedIds().length }, (_, i) => 6 + i));
      expect(watcher.output()).not.toContain('event: reset');
    } finally {
      await watcher.stop();
    }
  }, 20_000);
});
