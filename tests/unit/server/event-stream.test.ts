import { createServer, get, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
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

describe('an event stream behind another on the same connection', () => {
  it('gathers what is written while it waits, and sends all of it in order once the first response ends', async () => {
    const streams: EventStream[] = [];
    server = createServer((_req, res: ServerResponse) => {
      streams.push(new EventStream(res, { heartbeatMs: null, maxQueuedBytes: 1024 * 1024 }));
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    // Two pipelined requests: Node answers the second only after the first response has ended.
    const socket = connect(port, '127.0.0.1', () => socket.write('GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\n'));
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    await new Promise<void>((resolve) => {
      const check = (): void => void (streams.length === 2 ? resolve() : setTimeout(check, 5));
      check();
    });
    const [first, second] = streams as [EventStream, EventStream];
    for (let i = 1; i <= 20; i++) {
      second.send({ data: `second ${i}` });
      await new Promise((resolve) => setImmediate(resolve));
    }
    first.send({ data: 'first' });
    first.end();
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Sent as soon as the connection was free, not held until the second stream ends.
    expect(received).toContain('data: second 20\n\n');
    second.send({ data: 'second 21' });
    second.end();
    await new Promise((resolve) => setTimeout(resolve, 100));
    socket.destroy();
    const events = [...received.matchAll(/data: ([^\n]+)\n\n/g)].map((match) => match[1]);
    expect(events).toEqual(['first', ...Array.from({ length: 21 }, (_, i) => `second ${i + 1}`)]);
  });
});

describe('an event stream to a client that reads slowly', () => {
  it('gathers the writes made while the socket is busy into one, and delivers every event in order', async () => {
    let stream: EventStream | undefined;
    let writes: string[][] = [];
    /** The socket's kernel write that has not finished yet: while it waits, Node queues what comes next. */
    let pending: (() => void) | undefined;
    server = createServer((_req, res: ServerResponse) => {
      const socket = res.socket!;
      writes = recordWrites(socket);
      const writev = socket._writev!.bind(socket);
      socket._writev = (chunks, callback) => {
        pending = () => writev(chunks, callback);
      };
      stream = new EventStream(res, { heartbeatMs: null, maxQueuedBytes: 1024 * 1024 });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const releasePending = (): void => {
      const write = pending;
      pending = undefined;
      write?.();
    };
    const response = await new Promise<IncomingMessage>((resolve) => {
      get({ host: '127.0.0.1', port, path: '/' }, resolve);
      // Let the headers through.
      const release = (): void => void (pending ? releasePending() : setTimeout(release, 5));
      release();
    });
    let received = '';
    response.on('data', (chunk: Buffer) => (received += chunk.toString()));
    // The first event's write waits (the client is slow); the next 100 come meanwhile, one per turn.
    for (let i = 1; i <= 101; i++) {
      stream!.send({ data: String(i) });
      await new Promise((resolve) => setImmediate(resolve));
    }
    const queuedWrites = writes.length;
    const settle = async (): Promise<void> => {
      for (let i = 0; i < 10; i++) {
        releasePending();
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    await settle();
    // The slow write done, what waited goes out: the few events written before gathering began, then
    // the rest as one chunk, not 100 chunks queued one by one (each with its chunk-size line and CRLF:
    // 400 objects Node holds in memory while the client is slow).
    expect(writes.slice(queuedWrites).flat().length).toBeLessThan(40);
    stream!.send({ data: 'after' });
    await settle();
    const events = [...received.matchAll(/data: ([^\n]+)\n\n/g)].map((match) => match[1]);
    expect(events).toEqual([...Array.from({ length: 101 }, (_, i) => String(i + 1)), 'after']);
    response.destroy();
  });
});
