/**
 * The async-PHP page's model, on PHP's built-in server (`php -S`): the
 * Accept header chooses between a stream and one JSON answer, each flush()
 * is a chunk on the wire, and a stream holds the server's only worker.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { arrivalPattern, describeArrivals, measureArrivals, type Arrival } from '../harness/arrivals.ts';
import { startPhpBuiltinServer, type PhpBuiltinServer } from '../harness/php-builtin-server.ts';
import { describeWithServers } from '../harness/requirements.ts';
import { createServerDir, type ServerDir } from '../harness/server-dir.ts';
import { snippet } from '../apache-php-fpm/guide-setup.ts';

describeWithServers(['php'], 'src/snippets/php/progress.php on php -S', () => {
  let site: ServerDir;
  let php: PhpBuiltinServer;
  beforeAll(async () => {
    site = createServerDir('site');
    site.write('public/progress.php', snippet('php/progress.php'));
    site.write('public/measure-ticks.php', snippet('php/measure-ticks.php'));
    php = await startPhpBuiltinServer({ documentRoot: site.path('public') });
  });
  afterAll(async () => {
    await php?.stop();
    await site?.remove();
  });

  it('streams one progress event per flush() when the client asks with Accept: text/event-stream', async () => {
    const stream = await measureArrivals(php.url('/progress.php'), { client: 'curl-http1' });
    expect(stream.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(stream.headers['connection']).not.toMatch(/keep-alive/i);
    const progress: Arrival[] = stream.arrivals.filter((a) => a.event.type === 'progress');
    expect(progress.map((a) => JSON.parse(a.event.data).percent)).toEqual([20, 40, 60, 80, 100]);
    expect(arrivalPattern(progress), describeArrivals(stream)).toBe('one by one');
    expect(stream.arrivals.at(-1)!.event.type).toBe('complete');
  });

  it('answers one JSON document when the client does not ask for a stream (curl without -H Accept)', async () => {
    const response = await fetch(php.url('/progress.php'), { headers: { Accept: '*/*' } });
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toMatchObject({ steps: 5 });
  });

  it('holds events back in the stock output buffer when a script does not close it itself', async () => {
    const stream = await measureArrivals(php.url('/measure-ticks.php'), { client: 'curl-http1' });
    expect(arrivalPattern(stream.arrivals), describeArrivals(stream)).toBe('together at the end');
  });

  it('keeps every other request waiting while one stream is open (one worker)', async () => {
    const open = measureArrivals(php.url('/progress.php'), { client: 'node-http1' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = Date.now();
    const response = await fetch(php.url('/progress.php'), { headers: { Accept: 'application/json' } });
    await response.text();
    await open;
    expect(Date.now() - started).toBeGreaterThan(3_000);
  });
});
