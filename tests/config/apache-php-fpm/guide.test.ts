/**
 * The Apache2 + PHP-FPM guide's files, exactly as the page shows them, on
 * Debian's apache2 (mpm_event) and php-fpm8.2: the guide's script streams
 * every event on time over HTTP/1.1 and HTTP/2 with TLS, resumes from
 * Last-Event-ID, ends with `done` and then 204, sends heartbeats, stops when
 * the reader leaves; the vhost redirects port 80 and sends its headers. The
 * async-PHP page's progress.php runs here unchanged, too.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { printLogsOnFailure } from '../harness/failure-logs.ts';
import { arrivalPattern, describeArrivals, measureArrivals } from '../harness/arrivals.ts';
import { describeWithServers } from '../harness/requirements.ts';
import { snippet, startGuideSetup, type GuideSetup } from './guide-setup.ts';
import { waitUntil } from '../harness/processes.ts';

describeWithServers(['apache2', 'php-fpm', 'openssl', 'curl'], "Apache2 + PHP-FPM guide's setup", () => {
  let setup: GuideSetup;
  beforeAll(async () => {
    setup = await startGuideSetup({
      files: { 'sse/progress.php': snippet('php/progress.php') },
      poolSettings: (dir) => ({
        // Heartbeats between the ticks, so a test can see them without waiting 15 s.
        'env[SSE_HEARTBEAT]': '0.4',
        // One line per finished request: which one, and how long the script ran.
        'access.log': dir.path('sse-access.log'),
        'access.format': '"%{REQUEST_URI}e %{mili}d"',
      }),
    });
  });
  afterAll(async () => setup?.stop());
  printLogsOnFailure(() => setup.logs());

  it('streams every event of the guide script one by one over HTTP/1.1 with TLS (curl --http1.1)', async () => {
    const stream = await measureArrivals(setup.apache.httpsUrl('/sse/events.php'), { client: 'curl-http1' });
    expect(stream.httpVersion).toBe('1.1');
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(stream.arrivals.map((a) => a.event.type)).toEqual(['tick', 'tick', 'tick', 'tick', 'tick', 'done']);
    expect(arrivalPattern(stream.arrivals), describeArrivals(stream)).toBe('one by one');
    // One per second, not a burst: the first and the last tick are about four seconds apart.
    expect(stream.arrivals[4]!.arrivedAt - stream.arrivals[0]!.arrivedAt).toBeGreaterThan(3_000);
  });

  it('streams every event of the guide script one by one over HTTP/2 with TLS (curl --http2)', async () => {
    const stream = await measureArrivals(setup.apache.httpsUrl('/sse/events.php'), { client: 'curl-http2' });
    expect(stream.httpVersion).toBe('2');
    expect(stream.status).toBe(200);
    expect(stream.arrivals).toHaveLength(6);
    expect(arrivalPattern(stream.arrivals), describeArrivals(stream)).toBe('one by one');
    expect(stream.arrivals[4]!.arrivedAt - stream.arrivals[0]!.arrivedAt).toBeGreaterThan(3_000);
  });

  it('streams a plain flush()-only script under /sse/ too: the pool and the worker do it, not the guide script', async () => {
    // events.php also closes any output buffer itself; this script does not.
    const stream = await measureArrivals(setup.apache.httpsUrl('/sse/measure-ticks.php'), { client: 'node-http1' });
    expect(arrivalPattern(stream.arrivals), describeArrivals(stream)).toBe('one by one');
  });

  it('leaves the rest of the site on the defaults: a script outside /sse/ gets its events all at once', async () => {
    const stream = await measureArrivals(setup.apache.httpsUrl('/measure-ticks.php'), { client: 'node-http2' });
    expect(stream.arrivals).toHaveLength(5);
    expect(arrivalPattern(stream.arrivals), describeArrivals(stream)).toBe('together at the end');
  });

  it('ends with a done event after the last tick, then answers the reconnect with 204', async () => {
    const stream = await measureArrivals(setup.apache.httpsUrl('/sse/events.php'), { client: 'node-http2' });
    expect(stream.ended).toBe(true);
    const done = stream.arrivals.at(-1)!;
    expect(done.event.type).toBe('done');
    expect(done.event.lastEventId).toBe('6');

    const reconnect = await measureArrivals(setup.apache.httpsUrl('/sse/events.php'), {
      client: 'node-http2',
      headers: { 'Last-Event-ID': done.event.lastEventId },
    });
    expect(reconnect.status).toBe(204);
    expect(reconnect.arrivals).toHaveLength(0);
  });

  it('resumes after the Last-Event-ID the browser sends on reconnect', async () => {
    const stream = await measureArrivals(setup.apache.httpsUrl('/sse/events.php'), {
      client: 'node-http2',
      headers: { 'Last-Event-ID': '3' },
    });
    expect(stream.arrivals.map((a) => `${a.event.type} ${a.event.lastEventId}`)).toEqual(['tick 4', 'tick 5', 'done 6']);
    expect(JSON.parse(stream.arrivals[0]!.event.data)).toMatchObject({ tick: 4 });
  });

  it('sends a heartbeat comment when no event was sent for the heartbeat interval', async () => {
    const stream = await measureArrivals(setup.apache.httpsUrl('/sse/events.php'), { client: 'curl-http2', maxEvents: 3 });
    const between = stream.comments.filter(
      (c) => c.arrivedAt > stream.arrivals[0]!.arrivedAt && c.arrivedAt < stream.arrivals[2]!.arrivedAt,
    );
    expect(between.length).toBeGreaterThanOrEqual(2);
    expect(between[0]!.text).toBe(': heartbeat');
  });

  it('stops the PHP script soon after the reader hangs up, freeing its FPM worker', async () => {
    const hungUpAt = Date.now();
    await measureArrivals(setup.apache.httpsUrl('/sse/events.php?leave=early'), { client: 'node-http1', maxEvents: 1 });
    // PHP-FPM writes the access log line when the script has finished; the
    // whole stream would take five seconds.
    const log = (): string => setup.fpm.dir.readIfExists('sse-access.log');
    await waitUntil(() => log().includes('/sse/events.php?leave=early'), { process: setup.fpm.process, what: 'the script to end', timeoutMs: 8_000 });
    const line = log().split('\n').find((l) => l.includes('leave=early'))!;
    const durationMs = Number(/ (\d+(?:\.\d+)?)$/.exec(line.trim())?.[1]);
    expect(durationMs).toBeLessThan(3_000);
    expect(Date.now() - hungUpAt).toBeLessThan(4_000);
  });

  it("runs the async-PHP page's progress.php unchanged: one progress event per second", async () => {
    const stream = await measureArrivals(setup.apache.httpsUrl('/sse/progress.php'), { client: 'curl-http2' });
    const progress = stream.arrivals.filter((a) => a.event.type === 'progress');
    expect(progress).toHaveLength(5);
    expect(arrivalPattern(progress), describeArrivals(stream)).toBe('one by one');
    expect(stream.arrivals.at(-1)!.event.type).toBe('complete');
  });

  it('redirects port 80 to https://', async () => {
    const response = await fetch(setup.apache.url('/sse/events.php'), { redirect: 'manual' });
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe('https://localhost/sse/events.php');
  });

  it('sends the security headers and no Connection header over HTTP/2', async () => {
    const stream = await measureArrivals(setup.apache.httpsUrl('/sse/events.php'), { client: 'node-http2', maxEvents: 1 });
    expect(stream.headers['strict-transport-security']).toBe('max-age=63072000');
    expect(stream.headers['x-content-type-options']).toBe('nosniff');
    expect(stream.headers['connection']).toBeUndefined();
    expect(stream.headers['content-encoding']).toBeUndefined();
  });
}, { concurrent: true });
