/**
 * The Go page's programs (src/snippets/go/) built with Debian 12's Go 1.19
 * and run on free loopback ports: the SSE server (events.go with the
 * logging middleware that keeps Flush, or with the broken one that hides
 * it) and httputil.ReverseProxy in front of it (proxy.go, with either
 * middleware). Built once and started once for the whole file.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cleanupDelay, expectTicksWithIds, startAppServer, type AppServer } from './harness/app-server.ts';
import { arrivalPattern, describeArrivals, measureArrivals, onTimeMs } from './harness/arrivals.ts';
import { buildGoProgram } from './harness/go-program.ts';
import { describeWithServers } from './harness/requirements.ts';
import { createServerDir, type ServerDir } from './harness/server-dir.ts';

const TICK_MS = 500;
const onBusyMachine = { retry: 2 };

describeWithServers(
  ['go'],
  'Go: net/http with http.Flusher, and httputil.ReverseProxy in front',
  () => {
    let dir: ServerDir;
    const servers: Record<'events' | 'eventsBroken' | 'proxy' | 'proxyBroken', AppServer> = {} as never;

    beforeAll(async () => {
      dir = createServerDir('go');
      const events = await buildGoProgram(dir, 'events', ['go/events.go', 'go/logging.go']);
      const eventsBroken = await buildGoProgram(dir, 'events-broken', ['go/events.go', 'go/broken/logging.go']);
      const proxy = await buildGoProgram(dir, 'proxy', ['go/proxy.go', 'go/logging.go']);
      const proxyBroken = await buildGoProgram(dir, 'proxy-broken', ['go/proxy.go', 'go/broken/logging.go']);
      const env = { PORT: '{port}', TICK_MS: String(TICK_MS) };
      servers.events = await startAppServer({ command: events, args: [], env });
      servers.eventsBroken = await startAppServer({ command: eventsBroken, args: [], env });
      const backend = { PORT: '{port}', BACKEND: servers.events.url('') };
      servers.proxy = await startAppServer({ command: proxy, args: [], env: backend });
      servers.proxyBroken = await startAppServer({ command: proxyBroken, args: [], env: backend });
    }, 90_000);

    afterAll(async () => {
      await Promise.all(Object.values(servers).map((server) => server.stop()));
      await dir?.remove();
    });

    it('events.go: ticks one by one with ids, then done; a resume after Last-Event-ID; 400 for a bad one', onBusyMachine, async () => {
      await expectTicksWithIds(servers.events.url, 'text/event-stream');
    });

    it('events.go: the request context is done as soon as the client hangs up', onBusyMachine, async () => {
      const delay = await cleanupDelay(servers.events.url('/events'), servers.events, 5000);
      expect(delay).toBeLessThan(onTimeMs);
    });

    it('with broken/logging.go the wrapper hides the Flusher: the handler answers 500', async () => {
      const response = await fetch(servers.eventsBroken.url('/events'));
      expect(response.status).toBe(500);
      expect(await response.text()).toBe('streaming unsupported\n');
    });

    it('proxy.go, no FlushInterval set: each tick passes at once, and the backend learns at once that the client left', onBusyMachine, async () => {
      const stream = await measureArrivals(servers.proxy.url('/events?n=3'));
      expect(stream.arrivals, describeArrivals(stream)).toHaveLength(4);
      expect(arrivalPattern(stream.arrivals.slice(0, 3)), describeArrivals(stream)).toBe('one by one');
      const delay = await cleanupDelay(servers.proxy.url('/events'), servers.events, 6000);
      expect(delay).toBeLessThan(onTimeMs);
    });

    it('proxy.go with broken/logging.go: ReverseProxy finds no Flusher and every tick waits for the end', onBusyMachine, async () => {
      const stream = await measureArrivals(servers.proxyBroken.url('/events?n=4'));
      expect(stream.arrivals, describeArrivals(stream)).toHaveLength(5);
      expect(arrivalPattern(stream.arrivals), describeArrivals(stream)).toBe('together at the end');
      // The headers wait too: EventSource would not even open before the end.
      expect(stream.headersAt - stream.startedAt).toBeGreaterThan(3 * TICK_MS);
    });
  },
  { concurrent: true },
);
