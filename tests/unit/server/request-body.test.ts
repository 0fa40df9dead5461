import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect } from 'vitest';
import { it } from '../../helpers/server-fixtures.ts';
import { settledLiveBytes } from '../../helpers/heap.ts';

let uploads: Socket[] = [];
afterEach(async () => {
  for (const upload of uploads) upload.destroy();
  uploads = [];
});

describe('a request body', () => {
  it('dripped one byte per segment costs the server about its bytes, not an object per segment', async ({ startApi }) => {
    const count = 20;
    const dripped = 3000;
    const running = await startApi({ echoRequestsPerMinute: 1000 });
    const { port } = running.server.address() as AddressInfo;
    const head = 'POST /api/sse/echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n';
    uploads = await Promise.all(
      Array.from({ length: count }, () => new Promise<Socket>((resolve) => {
        const socket = connect(port, '127.0.0.1', () => socket.write(head, () => resolve(socket)));
        socket.setNoDelay(true);
      })),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const before = await settledLiveBytes();
    // One byte on every connection per turn of the event loop: the server reads each on its own.
    const body = `{"stream":"${'x'.repeat(dripped)}`;
    for (let i = 0; i < dripped; i++) {
      for (const upload of uploads) upload.write(body[i]!);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    const perUpload = ((await settledLiveBytes()) - before) / count;
    console.log(`An upload dripped one byte at a time held ${(perUpload / 1024).toFixed(1)} KiB after ${dripped} bytes.`);
    // The body's buffer grows by doubling; the rest is noise of the measurement.
    expect(perUpload).toBeLessThan(4 * dripped + 8 * 1024);
  }, 60_000);
});
