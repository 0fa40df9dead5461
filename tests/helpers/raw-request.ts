import { connect } from 'node:net';

/**
 * Sends `request` byte for byte over a new TCP connection (for request
 * lines fetch() refuses to send, such as `GET //[`) and resolves to the
 * status code of the answer, or null when the connection closed without one.
 */
export function rawRequestStatus(port: number, request: string, host = 'localhost', timeoutMs = 5000): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, host);
    let answer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer to ${JSON.stringify(request.split('\r\n')[0])} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      answer += chunk;
      const status = /^HTTP\/1\.1 (\d{3}) /.exec(answer);
      if (status) finish(Number(status[1]));
    });
    socket.on('error', () => finish(null));
    socket.on('close', () => finish(null));
    function finish(status: number | null): void {
      clearTimeout(timer);
      socket.destroy();
      resolve(status);
    }
    socket.write(request);
  });
}
