import type { Server } from 'node:http';
import { connect, type Socket } from 'node:net';

/**
 * Makes the next `connections` connections `server` accepts behave as if its
 * client stopped reading after the first `passWrites` system calls (the
 * response headers and what went with them): the kernel's send buffer is
 * full, so each later write waits in the server's memory, as it does over a
 * real network when a client stops reading. (On loopback the kernel would
 * first take megabytes, and Node cannot shrink a socket's send buffer.)
 * What waits is kept, as the kernel's pending write would keep it.
 */
export function stallConnections(server: Server, connections: number, passWrites = 1): void {
  let left = connections;
  server.on('connection', (socket: Socket) => {
    if (left === 0) return;
    left -= 1;
    let passed = 0;
    const held: unknown[] = [];
    const write = socket._write.bind(socket);
    const writev = socket._writev!.bind(socket);
    socket._write = (chunk, encoding, callback) => {
      if (passed++ < passWrites) write(chunk, encoding, callback);
      else held.push(chunk, callback);
    };
    socket._writev = (chunks, callback) => {
      if (passed++ < passWrites) writev(chunks, callback);
      else held.push(chunks, callback);
    };
  });
}

/** Sends `request` on a new connection and never reads the answer. Resolves once it is sent. */
export function sendAndNeverRead(port: number, request: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request, () => resolve(socket)));
    socket.pause();
    socket.on('error', reject);
  });
}
