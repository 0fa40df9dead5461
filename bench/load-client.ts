/**
 * A client process of the load benchmark (bench/load.bench.ts starts several
 * with `fork`). It holds many event streams over raw TCP sockets, which costs
 * far less per stream than `fetch` or `http.request`, so that the clients do
 * not become the bottleneck of what they measure. Orders come over IPC:
 *
 *   {cmd: 'open', port, path, count, concurrency}
 *       opens `count` streams, at most `concurrency` still connecting at once
 *       -> {type: 'opened', ok, failed, statuses}
 *   {cmd: 'expect', marker}   arms the broadcast detector   -> {type: 'armed'}
 *       -> {type: 'arrived', lastAt} once every open stream has seen `marker`
 *          (`lastAt`: this process's clock at the last arrival, epoch ms)
 *   {cmd: 'latency', port, path, events, prefix}
 *       one stream; for each event whose text starts with `prefix`, the
 *       receipt time minus the server's `sentAt`
 *       -> {type: 'ready'} when the stream is open, then
 *       -> {type: 'latencies', values} after `events` events
 *   {cmd: 'close'}   ends every stream   -> {type: 'closed'}
 *
 * Times are `performance.timeOrigin + performance.now()`: epoch milliseconds
 * with a fraction, comparable between processes on one machine.
 */
import { connect, type Socket } from 'node:net';

type Order =
  | { cmd: 'open'; port: number; path: string; count: number; concurrency: number }
  | { cmd: 'expect'; marker: string }
  | { cmd: 'latency'; port: number; path: string; events: number; prefix: string }
  | { cmd: 'close' };

const now = (): number => performance.timeOrigin + performance.now();
const send = (message: object): void => void process.send!(message);

const sockets = new Set<Socket>();
let marker: Buffer | null = null;
let waiting = new Set<Socket>();

function request(port: number, path: string): string {
  return `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAccept: text/event-stream\r\n\r\n`;
}

function onBroadcastData(socket: Socket, chunk: Buffer): void {
  if (marker === null || !waiting.has(socket) || !chunk.includes(marker)) return;
  waiting.delete(socket);
  if (waiting.size === 0) {
    marker = null;
    send({ type: 'arrived', lastAt: now() });
  }
}

/** Opens one stream; resolves with the response's status code (0 when the connection failed). */
function openOne(port: number, path: string): Promise<number> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let status = -1;
    socket.setNoDelay(true);
    socket.once('connect', () => socket.write(request(port, path)));
    socket.on('data', (chunk: Buffer) => {
      if (status === -1) {
        status = Number(chunk.toString('latin1', 9, 12));
        if (status === 200) sockets.add(socket);
        else socket.destroy();
        resolve(status);
      }
      onBroadcastData(socket, chunk);
    });
    socket.on('error', () => {
      if (status === -1) resolve(0);
      status = 0;
    });
    socket.once('close', () => {
      sockets.delete(socket);
      if (status === -1) resolve(0);
      if (waiting.delete(socket) && waiting.size === 0 && marker !== null) {
        marker = null;
        send({ type: 'arrived', lastAt: now() });
      }
    });
  });
}

async function open({ port, path, count, concurrency }: Extract<Order, { cmd: 'open' }>): Promise<void> {
  let next = 0;
  let ok = 0;
  const statuses: Record<string, number> = {};
  async function worker(): Promise<void> {
    while (next < count) {
      next += 1;
      const status = await openOne(port, path);
      if (status === 200) ok += 1;
      else statuses[status] = (statuses[status] ?? 0) + 1;
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  send({ type: 'opened', ok, failed: count - ok, statuses });
}

function latency({ port, path, events, prefix }: Extract<Order, { cmd: 'latency' }>): void {
  const values: number[] = [];
  const pattern = new RegExp(`"text":"${prefix}[^"]*"[^}]*"sentAt":([0-9.]+)|"sentAt":([0-9.]+)[^}]*"text":"${prefix}`, 'g');
  const socket = connect({ host: '127.0.0.1', port });
  socket.setNoDelay(true);
  socket.once('connect', () => socket.write(request(port, path)));
  let opened = false;
  socket.on('data', (chunk: Buffer) => {
    const receivedAt = now();
    if (!opened) {
      opened = true;
      send({ type: 'ready' });
    }
    for (const match of chunk.toString('utf8').matchAll(pattern)) {
      values.push(receivedAt - Number(match[1] ?? match[2]));
    }
    if (values.length >= events) {
      socket.destroy();
      send({ type: 'latencies', values });
    }
  });
  socket.on('error', (error) => send({ type: 'error', message: error.message }));
}

process.on('message', (order: Order) => {
  if (order.cmd === 'open') void open(order);
  else if (order.cmd === 'expect') {
    marker = Buffer.from(order.marker);
    waiting = new Set(sockets);
    send({ type: 'armed' });
  } else if (order.cmd === 'latency') latency(order);
  else {
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    send({ type: 'closed' });
  }
});
