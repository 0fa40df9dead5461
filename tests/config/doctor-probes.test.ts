/**
 * The stream doctor's probe scripts (src/snippets/doctor/), run as a reader
 * runs them: the Node probe with node, the PHP probe on PHP's built-in
 * server. Each must send exactly the probe format of src/lib/doctor/
 * probe-format.ts (the doctor reads send times and sizes from it), on its
 * schedule, one event per write, and resume after Last-Event-ID.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeEvent, probeFormat, probePreamble } from '../../src/lib/doctor/probe-format.ts';
import { EventStreamParser, type SseEvent } from '../../src/lib/sse/parser.ts';
import { snippet } from './apache-php-fpm/guide-setup.ts';
import { onTimeMs } from './harness/arrivals.ts';
import { startNodeScript } from './harness/node-script.ts';
import { startPhpBuiltinServer } from './harness/php-builtin-server.ts';
import { describeWithServers } from './harness/requirements.ts';
import { createServerDir, type ServerDir } from './harness/server-dir.ts';

interface ProbeRun {
  status: number;
  headers: Headers;
  body: string;
  /** Each dispatched event with Date.now() when the chunk that completed it arrived. */
  events: Array<{ event: SseEvent; arrivedAt: number }>;
}

async function readProbe(url: string, headers: Record<string, string> = {}): Promise<ProbeRun> {
  const response = await fetch(url, { headers: { Accept: 'text/event-stream', ...headers } });
  const events: ProbeRun['events'] = [];
  let arrivedAt = 0;
  const parser = new EventStreamParser({ onEvent: (event) => events.push({ event, arrivedAt }) });
  const decoder = new TextDecoder();
  let body = '';
  for await (const chunk of response.body ?? []) {
    arrivedAt = Date.now();
    parser.feed(chunk);
    body += decoder.decode(chunk, { stream: true });
  }
  parser.end();
  return { status: response.status, headers: response.headers, body, events };
}

const sentAtOf = (event: SseEvent): number => (JSON.parse(event.data) as { sentAt: number }).sentAt;

function probeContract(start: () => Promise<{ url: string; stop(): Promise<void> }>) {
  let server: { url: string; stop(): Promise<void> };
  beforeAll(async () => {
    server = await start();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it(
    'sends the probe format byte for byte: retry first, then 40 events of the cycled sizes, 250 ms apart, each as it is sent',
    async () => {
      const run = await readProbe(server.url);
      expect(run.status).toBe(200);
      expect(run.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(run.headers.get('cache-control')).toMatch(/no-cache/);
      // No `X-Accel-Buffering: no`: it would switch off the very nginx buffer the probe is there to find.
      expect(run.headers.get('x-accel-buffering')).toBeNull();
      expect(run.headers.get('access-control-allow-origin')).toBe('*');
      const seqs = run.events.map(({ event }) => Number(event.lastEventId));
      expect(seqs).toEqual(Array.from({ length: probeFormat.count }, (_, index) => index + 1));
      expect(run.events.every(({ event }) => event.type === probeFormat.eventType)).toBe(true);
      // The reference text with the probe's own send times: format, ids and sizes exactly.
      const sentAt = run.events.map(({ event }) => sentAtOf(event));
      expect(run.body).toBe(probePreamble + sentAt.map((at, index) => probeEvent(index + 1, at)).join(''));
      for (const [index, at] of sentAt.entries()) {
        expect(Math.abs(at - sentAt[0]! - index * probeFormat.intervalMs), `event ${index + 1} off schedule`).toBeLessThanOrEqual(onTimeMs);
      }
      // Nothing in the probe holds an event back: each arrives as it is sent.
      for (const { event, arrivedAt } of run.events) {
        expect(arrivedAt - sentAtOf(event), `event ${event.lastEventId} late`).toBeLessThanOrEqual(onTimeMs);
      }
    },
    30_000,
  );

  it('lets the doctor page read it from another origin: CORS on the stream and a preflight that allows Last-Event-ID', async () => {
    const preflight = await fetch(server.url, {
      method: 'OPTIONS',
      headers: { Origin: 'https://sse-handbook.example', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'last-event-id' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/last-event-id/i);
    const done = await fetch(server.url, { headers: { Origin: 'https://sse-handbook.example', 'Last-Event-ID': String(probeFormat.count) } });
    expect(done.headers.get('access-control-allow-origin')).toBe('*');
    expect(done.headers.get('access-control-expose-headers')).toMatch(/X-Accel-Buffering/);
  });

  it('continues after Last-Event-ID and answers 204 once every event was sent', async () => {
    const resumed = await readProbe(server.url, { 'Last-Event-ID': String(probeFormat.count - 2) });
    expect(resumed.events.map(({ event }) => event.lastEventId)).toEqual([String(probeFormat.count - 1), String(probeFormat.count)]);
    const done = await readProbe(server.url, { 'Last-Event-ID': String(probeFormat.count) });
    expect(done.status).toBe(204);
    expect(done.body).toBe('');
  });
}

describe('src/snippets/doctor/probe.mjs with node', () => {
  probeContract(async () => {
    const probe = await startNodeScript('src/snippets/doctor/probe.mjs');
    return { url: `http://${probe.address}/sse-probe`, stop: () => probe.stop() };
  });
});

describeWithServers(['php'], 'src/snippets/doctor/probe.php on php -S', () => {
  let site: ServerDir;
  let phpUrl: string;
  probeContract(async () => {
    site = createServerDir('probe');
    site.write('public/probe.php', snippet('doctor/probe.php'));
    // Debian's php.ini as it is (output_buffering = 4096): the probe must get past it by itself.
    const php = await startPhpBuiltinServer({ documentRoot: site.path('public') });
    phpUrl = php.url('/probe.php');
    return {
      url: phpUrl,
      stop: async () => {
        await php.stop();
        await site.remove();
      },
    };
  });

  it("reports the output buffer PHP had opened (Debian's 4096 bytes), readable from another origin", async () => {
    const response = await fetch(phpUrl, { headers: { 'Last-Event-ID': String(probeFormat.count - 1) } });
    await response.text();
    expect(response.headers.get('x-probe-php-output-buffer')).toBe('4096');
    expect(response.headers.get('access-control-expose-headers')).toMatch(/X-Probe-PHP-Output-Buffer/);
  });
});
