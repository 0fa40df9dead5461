import { createServer, get, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { EventStream } from '../../../src/server/event-stream.ts';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/**
 * A server whose every request becomes an EventStream, given to `onOpen`
 * with the writes its socket has made so far (see recordWrites). Resolves
 * with its port.
 */
async function streamServer(onOpen: (stream: EventStream, writes: string[][]) => void): Promise<number> {
  server = createServer((_req, res: ServerResponse) => {
    const writes = recordWrites(res.socket!);
    onOpen(new EventStream(res, { heartbeatMs: null, maxQueuedBytes: 1024 * 1024 }), writes);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function request(port: number): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => get({ host: '127.0.0.1', port, path: '/' }, resolve).on('error', reject));
}

/**
 * Records what the socket hands to the kernel: Node's stream machinery calls
 * `_write` for one buffered chunk and `_writev` for several, once per system
 * call, so each entry is one write on the wire.
 */
function recordWrites(socket: Socket): string[][] {
  const writes: string[][] = [];
  const text = (chunk: unknown): string => (typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('latin1'));
  const write = socket._write.bind(socket);
  const writev = socket._writev!.bind(socket);
  socket._write = (chunk, encoding, callback) => {
    writes.push([text(chunk)]);
    write(chunk, encoding, callback);
  };
  socket._writev = (chunks, callback) => {
    writes.push(chunks.map(({ chunk }) => text(chunk)));
    writev(chunks, callback);
  };
  return writes;
}

describe('an event stream on the wire', () => {
  it('sends its headers as soon as it opens, though nothing is written to it', async () => {
    const port = await streamServer(() => {});
    const response = await request(port);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    response.destroy();
  });

  it('sends the headers and what is written in the turn it opens (the room history) in one write', async () => {
    let writes: string[][] = [];
    const port = await streamServer((stream, written) => {
      writes = written;
      // The room writes its history after awaiting the broker: a microtask later.
      void Promise.resolve().then(() => stream.send({ event: 'live', data: '{"replayed":0}' }));
    });
    const response = await request(port);
    await new Promise<void>((resolve) => response.once('data', () => resolve()));
    expect(writes).toHaveLength(1);
    const sent = writes[0]!.join('');
    expect(sent).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(sent).toContain('event: live\ndata: {"replayed":0}\n\n');
    response.destroy();
  });

  it('sends what is written in a later turn as a write of its own after the headers', async () => {
    let writes: string[][] = [];
    const port = await streamServer((stream, written) => {
      writes = written;
      setTimeout(() => stream.send({ data: 'later' }), 20);
    });
    const response = await request(port);
    await new Promise<void>((resolve) => response.once('data', () => resolve()));
    expect(writes).toHaveLength(2);
    expect(writes[0]!.join('')).toMatch(/^HTTP\/1\.1 200 OK\r\n[^]*\r\n\r\n$/);
    expect(writes[1]!.join('')).toContain('data: later\n\n');
    response.destroy();
  });
});
