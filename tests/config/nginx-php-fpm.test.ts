/**
 * nginx in front of PHP-FPM (fastcgi_pass), with the nginx page's files on
 * Debian's nginx and PHP-FPM 8.2.
 *
 * The buffering rows use a script that does nothing but send five events a
 * second apart with flush() (src/snippets/php/measure-ticks.php): no
 * X-Accel-Buffering header, no ob_* calls, so nginx's and PHP's settings
 * alone decide when the events arrive. PHP reads Debian's php.ini, whose
 * `output_buffering = 4096` is the stock value a reader's server has.
 * Both layers must let go: nginx's FastCGI buffer and PHP's output buffer.
 */
import { expect, it } from 'vitest';
import { arrivalPattern, describeArrivals, measureArrivals, type MeasuredStream } from './harness/arrivals.ts';
import { withNginxAndPhpFpm, type NginxPhpFpmSetup } from './harness/nginx-php-fpm.ts';
import { describeWithServers } from './harness/requirements.ts';

/**
 * Two retries: "on time" means within 300 ms of the send time, and a two-core
 * machine running other builds can now and then stall a process for longer.
 * A config that holds events back fails every run.
 */
const onBusyMachine = { retry: 2 };

/** Reads /events.php through nginx, over HTTP/2 with Node's http2 client when the setup asks for it. */
function measureThroughFastCgi(setup: NginxPhpFpmSetup): Promise<MeasuredStream> {
  return withNginxAndPhpFpm(setup, (nginx) =>
    setup.overHttp2
      ? measureArrivals(nginx.httpsUrl('/events.php'), { client: 'node-http2', timeoutMs: 12_000 })
      : measureArrivals(nginx.url('/events.php'), { timeoutMs: 12_000 }),
  );
}

const outputBufferingOff = { 'php_admin_value[output_buffering]': '0' };

function expectArrivals(stream: MeasuredStream, count: number, pattern: ReturnType<typeof arrivalPattern>): void {
  const timed = stream.arrivals.filter((arrival) => arrival.sentAt !== undefined);
  expect(stream.status, describeArrivals(stream)).toBe(200);
  expect(timed, describeArrivals(stream)).toHaveLength(count);
  expect(arrivalPattern(timed), describeArrivals(stream)).toBe(pattern);
}

describeWithServers(['nginx', 'php-fpm'], 'nginx in front of PHP-FPM', () => {
  it.concurrent('with the usual PHP location and stock php.ini every event arrives at the end', onBusyMachine, async () => {
    const stream = await measureThroughFastCgi({ site: 'broken/fastcgi-defaults.conf', script: 'measure-ticks.php' });
    expectArrivals(stream, 5, 'together at the end');
  });

  it.concurrent('fastcgi_buffering off alone still delivers every event at the end (PHP buffers 4 KiB)', onBusyMachine, async () => {
    const stream = await measureThroughFastCgi({ site: 'sse-php-fpm.conf', script: 'measure-ticks.php' });
    expectArrivals(stream, 5, 'together at the end');
  });

  it.concurrent('output_buffering = 0 alone still delivers every event at the end (nginx buffers)', onBusyMachine, async () => {
    const stream = await measureThroughFastCgi({
      site: 'broken/fastcgi-defaults.conf',
      script: 'measure-ticks.php',
      pool: outputBufferingOff,
    });
    expectArrivals(stream, 5, 'together at the end');
  });

  it.concurrent("the guide's config (sse-php-fpm.conf) with the guide's pool (output_buffering = 0) delivers every event on time", onBusyMachine, async () => {
    const stream = await measureThroughFastCgi({
      site: 'sse-php-fpm.conf',
      script: 'measure-ticks.php',
      guidePool: true,
    });
    expectArrivals(stream, 5, 'one by one');
  });

  it.concurrent("the guide's PHP script streams through nginx even with the usual PHP location: it sends X-Accel-Buffering: no", onBusyMachine, async () => {
    const stream = await measureThroughFastCgi({
      site: 'broken/fastcgi-defaults.conf',
      script: 'events.php',
      pool: { ...outputBufferingOff, 'env[SSE_INTERVAL]': '1' },
    });
    // Five ticks and the closing `done`, each stamped with its send time.
    expectArrivals(stream, 6, 'one by one');
    expect(stream.headers['x-accel-buffering']).toBeUndefined();
  });

  it.concurrent("the guide's files together stream every event on time: nginx site, PHP-FPM pool and PHP script", onBusyMachine, async () => {
    const stream = await measureThroughFastCgi({
      site: 'sse-php-fpm.conf',
      script: 'events.php',
      guidePool: true,
      pool: { 'env[SSE_INTERVAL]': '1' },
    });
    expectArrivals(stream, 6, 'one by one');
  });

  it.concurrent("the guide's files stream every event on time over HTTP/2 with TLS too", onBusyMachine, async () => {
    const stream = await measureThroughFastCgi({
      site: 'sse-php-fpm.conf',
      script: 'events.php',
      guidePool: true,
      pool: { 'env[SSE_INTERVAL]': '1' },
      overHttp2: true,
    });
    expectArrivals(stream, 6, 'one by one');
  });

  // Padding, the workaround the buffering page explains and advises against:
  // a comment of `bytes` after every event, with PHP's stock 4 KiB buffer on.
  const paddedTicks = (bytes: number): { text: string } => ({
    text: `<?php
header('Content-Type: text/event-stream');
for ($i = 1; $i <= 6; $i++) {
    $time = (new DateTimeImmutable())->format(DATE_RFC3339_EXTENDED);
    echo "data: {\\"i\\":$i,\\"time\\":\\"$time\\"}\\n\\n";
    echo ':' . str_repeat(' ', ${bytes}) . "\\n\\n";
    flush();
    sleep(1);
}
`,
  });

  it.concurrent('4 KiB of padding after each event pushes it through PHP\'s 4 KiB output buffer on time', onBusyMachine, async () => {
    const stream = await measureThroughFastCgi({ site: 'sse-php-fpm.conf', script: paddedTicks(4096) });
    expectArrivals(stream, 6, 'one by one');
  });

  it.concurrent('2 KiB of padding lets the events through in pairs', onBusyMachine, async () => {
    const stream = await measureThroughFastCgi({ site: 'sse-php-fpm.conf', script: paddedTicks(2048) });
    expectArrivals(stream, 6, 'in batches');
    // Two events per write: each pair arrives at once, the next ~2 s later.
    const arrivedAt = stream.arrivals.map((arrival) => arrival.arrivedAt);
    for (let pair = 0; pair < 3; pair += 1) {
      expect(arrivedAt[2 * pair + 1]! - arrivedAt[2 * pair]!, describeArrivals(stream)).toBeLessThan(100);
    }
    expect(arrivedAt[2]! - arrivedAt[1]!, describeArrivals(stream)).toBeGreaterThan(700);
  });
});
