/**
 * Free loopback ports for the servers under test.
 *
 *   const port = await freePort();   // e.g. 41237, nobody listens there now
 *
 * The OS picks an unused port for a throwaway listener, which is closed
 * before the port is returned. Another process could take it in between;
 * on a test machine that race is rare, and the server's start-up then fails
 * loudly with "Address already in use" in its error log.
 */
import net from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('the OS gave no port'));
      });
    });
  });
}

/** Resolves true when something accepts TCP connections on `host`:`port` (`localhost` may be ::1 or 127.0.0.1). */
export function acceptsConnections(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(500);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}
