/**
 * Apache's counterpart of nginx's proxy_read_timeout: mod_proxy_fcgi waits
 * for the PHP script's next output at most ProxyTimeout, which defaults to
 * the server's Timeout (Debian's apache2.conf: 300 s). The guide's setup with
 * `Timeout 3`, and events.php told to wait 30 s after its first tick: without
 * a heartbeat the stream is cut (Apache logs AH01075 after 3 s); with a
 * heartbeat every second it stays open.
 */
import https from 'node:https';
import { expect, it } from 'vitest';
import { describeWithServers } from '../harness/requirements.ts';
import { startGuideSetup } from './guide-setup.ts';

interface QuietStream {
  events: number;
  heartbeats: number;
  /** Milliseconds after the request when the response ended or was cut; undefined if still open when we hung up. */
  closedAfterMs: number | undefined;
  logs: string;
}

/** Reads /sse/events.php for up to `readMs`, counting what arrives and when the response stops. */
async function readQuietStream(heartbeatSeconds: string, readMs: number): Promise<QuietStream> {
  const setup = await startGuideSetup({
    serverConfig: 'Timeout 3',
    poolSettings: { 'env[SSE_INTERVAL]': '30', 'env[SSE_HEARTBEAT]': heartbeatSeconds },
  });
  try {
    const result = await new Promise<Omit<QuietStream, 'logs'>>((resolve) => {
      const started = Date.now();
      const seen = { events: 0, heartbeats: 0, closedAfterMs: undefined as number | undefined };
      const closed = () => resolve({ ...seen, closedAfterMs: Date.now() - started });
      const request = https.get(setup.apache.httpsUrl('/sse/events.php'), { rejectUnauthorized: false }, (response) => {
        response.setEncoding('utf8');
        response.on('data', (text: string) => {
          seen.events += text.match(/^event: /gm)?.length ?? 0;
          seen.heartbeats += text.match(/^: heartbeat/gm)?.length ?? 0;
        });
        response.on('end', closed);
        response.on('error', closed);
      });
      request.on('error', closed);
      setTimeout(() => {
        resolve({ ...seen });
        request.destroy();
      }, readMs);
    });
    return { ...result, logs: setup.logs() };
  } finally {
    await setup.stop();
  }
}

describeWithServers(['apache2', 'php-fpm', 'openssl'], 'Apache2 + PHP-FPM: Timeout against a quiet stream', () => {
  it.concurrent('without a heartbeat, a stream quiet for longer than Timeout is cut', async () => {
    const stream = await readQuietStream('100', 12_000);
    expect(stream.events, stream.logs).toBe(1);
    expect(stream.closedAfterMs, stream.logs).toBeDefined();
    expect(stream.logs).toMatch(/The timeout specified has expired.*AH01075/);
  });

  it.concurrent('a heartbeat every second keeps the same stream open past Timeout', async () => {
    const stream = await readQuietStream('1', 9_000);
    expect(stream.events, stream.logs).toBe(1);
    expect(stream.closedAfterMs, stream.logs).toBeUndefined();
    expect(stream.heartbeats, stream.logs).toBeGreaterThanOrEqual(5);
    expect(stream.logs).not.toMatch(/AH01075/);
  });
});
