import { connect } from 'node:net';

/**
 * Sends `request` byte for byte on a connection of its own (for request
 * lines fetch() refuses to send, such as `GET //[`) and resolves to
 * everything that comes back until the server closes the connection, or
 * to what came within 3 s. Ask with `Connection: close` to get the answer
 * at once.
 */
export function rawExchange(port: number, request: string, host = '127.0.0.1'): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, host, () => socket.write(request));
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString()));
    socket.on('error', () => {});
    socket.on('close', () => resolve(text));
    setTimeout(() => socket.destroy(), 3000);
  });
}
