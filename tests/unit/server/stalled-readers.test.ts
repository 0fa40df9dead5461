import type { ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect } from 'vitest';
import { it } from '../../helpers/server-fixtures.ts';
import { DRAIN_AFTER_END_MS } from '../../../src/server/event-stream.ts';
import { type TestApiServer } from '../../helpers/api-server.ts';
import { settledLiveBytes } from '../../helpers/heap.ts';
import { sendAndNeverRead, stallConnections } from '../../helpers/stalled-socket.ts';
import { waitFor } from '../../helpers/wait-for.ts';

let readers: Socket[] = [];
afterEach(async () => {
  for (const reader of readers) reader.destroy();
  readers = [];
});

const portOf = (server: TestApiServer): number => (server.server.address() as AddressInfo).port;

async function openStalledReaders(server: TestApiServer, path: string, count: number): Promise<void> {
  const request = `GET ${path} HTTP/1.1\r\nHost: localhost\r\n\r\n`;
  readers = await Promise.all(Array.from({ length: count }, () => sendAndNeverRead(portOf(server), request)));
}

describe('readers that stop reading', () => {
  it('hold at most SSE_MAX_QUEUED_BYTES each in the room, however small its messages', async ({ startApi }) => {
    const maxQueuedBytes = 128 * 1024;
    // Enough readers that the few hundred KiB the test's own requests leave behind or free meanwhile don't matter.
    const count = 20;
    const server = await startApi({
      maxQueuedBytes,
      maxStreamsPerClient: count,
      roomMessagesPerClient: 10_000,
      roomMessagesPerRoom: 10_000,
    });
    const post = async (): Promise<void> => {
      const response = await fetch(server.url('/api/room'), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'a', text: 'b' }),
      });
      expect(response.status).toBe(201);
      await response.arrayBuffer();
    };
    const postMany = async (messages: number): Promise<void> => {
      for (let sent = 0; sent < messages; sent += 50) await Promise.all(Array.from({ length: 50 }, post));
    };
    /** What `count` stalled readers hold each after `messages` more messages: the live bytes freed when they go. */
    const heldPerReader = async (messages: number): Promise<number> => {
      stallConnections(server.server, count);
      await openStalledReaders(server, '/api/sse/room', count);
      await waitFor(() => server.api.streams.size === count, 5000, 'the readers to be open');
      await postMany(messages);
      expect(server.api.streams.size).toBe(count);
      const withReaders = await settledLiveBytes();
      for (const reader of readers) reader.destroy();
      await waitFor(() => server.api.streams.size === 0, 5000, 'the readers to be gone');
      return (withReaders - (await settledLiveBytes())) / count;
    };
    // The poster's connections, made now and kept alive, are not stalled.
    await postMany(100);
    const idle = await heldPerReader(0);
    // Each message is about 120 bytes on the wire: 900 fill five sixths of the queue.
    const filled = await heldPerReader(900);
    const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
    console.log(`SSE_MAX_QUEUED_BYTES = ${kib(maxQueuedBytes)}: 900 messages cost a stalled room reader ${kib(filled - idle)}.`);
    // The queue's buffer grows by doubling, to the limit. Beside it: Node's own queue of the few writes made
    // before, and some 15 KiB per reader that the test's 900 requests leave behind or free meanwhile.
    expect(filled - idle).toBeLessThan(maxQueuedBytes + 32 * 1024);
  }, 60_000);

  it('are cut once their queue passes SSE_MAX_QUEUED_BYTES', async ({ startApi }) => {
    const maxQueuedBytes = 16 * 1024;
    const server = await startApi({ maxQueuedBytes, roomMessagesPerClient: 10_000, roomMessagesPerRoom: 10_000 });
    stallConnections(server.server, 1);
    await openStalledReaders(server, '/api/sse/room', 1);
    await waitFor(() => server.api.streams.size === 1, 5000, 'the reader to be open');
    let sent = 0;
    while (server.api.streams.size > 0 && sent < 1000) {
      const response = await fetch(server.url('/api/room'), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'a', text: 'b'.repeat(100) }),
      });
      await response.arrayBuffer();
      sent += 1;
    }
    expect(server.api.streams.size).toBe(0);
    // Each message is some 220 bytes on the wire.
    expect(sent).toBeGreaterThan(maxQueuedBytes / 250);
    expect(sent).toBeLessThan(maxQueuedBytes / 200 + 2);
  });

  it('of an echo replay cut after every byte hold its bytes, keep their stream slots after the end, and are cut a few seconds later', async ({ startApi }) => {
    const count = 4;
    const server = await startApi({ echoRequestsPerMinute: 1000, maxStreamsPerClient: count });
    const stream = 'data: x\n\n'.repeat(2000).slice(0, 16_001);
    const splits = Array.from({ length: stream.length - 1 }, (_, i) => i + 1);
    const urls: string[] = [];
    for (let i = 0; i < count; i++) {
      const response = await fetch(server.url('/api/sse/echo'), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ stream, splits, delayMs: 0 }),
      });
      expect(response.status).toBe(201);
      urls.push(((await response.json()) as { url: string }).url);
    }
    const responses: ServerResponse[] = [];
    server.server.on('request', (_req, res: ServerResponse) => responses.push(res));
    stallConnections(server.server, count);
    const before = await settledLiveBytes();
    readers = await Promise.all(urls.map((url) => sendAndNeverRead(portOf(server), `GET ${url} HTTP/1.1\r\nHost: localhost\r\n\r\n`)));
    await waitFor(() => responses.length === count && responses.every((res) => res.writableEnded), 15_000, 'the replays to end');
    const endedAt = performance.now();
    // 16,000 writes of one byte; what is held must follow the bytes, not the writes.
    const held = ((await settledLiveBytes()) - before) / count;
    console.log(`An ended echo replay of 16,001 one-byte chunks to a reader that stopped reading held ${(held / 1024).toFixed(1)} KiB.`);
    expect(held).toBeLessThan(64 * 1024);
    // Ended, but not sent: each still counts against the caps.
    expect(server.api.streams.size).toBe(count);
    const closed = readers.map((reader) => new Promise<number>((resolve) => reader.once('close', () => resolve(performance.now()))));
    readers.forEach((reader) => reader.resume());
    const closedAt = await Promise.all(closed);
    for (const at of closedAt) {
      expect(at - endedAt).toBeGreaterThan(DRAIN_AFTER_END_MS - 1000);
      expect(at - endedAt).toBeLessThan(DRAIN_AFTER_END_MS + 2000);
    }
    await waitFor(() => server.api.streams.size === 0, 2000, 'the slots to be given back');
  }, 30_000);
});
