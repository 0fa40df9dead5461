/**
 * The nginx page followed literally, one tab at a time: the steps the page
 * gives (harness/page-steps.ts: save each file where the page says, run each
 * shell file it shows, in the page's order) against a copy of Debian's
 * /etc/nginx and /etc/php/8.2/fpm with nginx and PHP-FPM running as
 * `apt-get install` leaves them (the default site on the test's port). The
 * steps' `curl` names the URL to test; the stream there must arrive event by
 * event. A step left out or put in the wrong place (the site never linked
 * into sites-enabled, the pool never loaded, the wrong test URL) fails here.
 *
 * Saving a file, the test fills in what the page asks the reader to
 * replace: the listen port, the backend's address, the user the servers run
 * as. Host names stay: requests carry `Host: sse.example.com`.
 */
import { describe, expect, it } from 'vitest';
import { freePort } from '../helpers/ports.ts';
import { arrivalPattern, describeArrivals } from './harness/arrivals.ts';
import { createDebianRoot, type DebianRoot } from './harness/debian-root.ts';
import {
  asServerUser,
  measureRequestedStream,
  prepareDebianNginx,
  prepareDebianPhpFpm,
  startServices,
  type RequestedStream,
  type ServiceStart,
  type Services,
} from './harness/debian-services.ts';
import { startNodeScript, type NodeScript } from './harness/node-script.ts';
import { pageSteps, type PageStep } from './harness/page-steps.ts';
import { describeWithServers } from './harness/requirements.ts';
import { snippet } from '../helpers/snippets.ts';

const page = 'content/docs/infrastructure/nginx.mdx';
const germanPage = 'content/docs/de/infrastructure/nginx.mdx';

interface Walk extends RequestedStream {
  steps: PageStep[];
}

/** Follows the steps of the tab that shows `section`, then requests what the steps' curl asked for. */
async function followTab(section: string, { php }: { php: boolean }): Promise<Walk> {
  const root: DebianRoot = createDebianRoot(php ? ['/etc/nginx', '/etc/php/8.2/fpm'] : ['/etc/nginx']);
  const port = await freePort();
  let backend: NodeScript | undefined;
  let services: Services | undefined;
  try {
    const units: Record<string, ServiceStart> = { nginx: prepareDebianNginx(root, port) };
    if (php) units['php8.2-fpm'] = prepareDebianPhpFpm(root);
    else backend = await startNodeScript('src/snippets/nginx/backend.mjs');
    // The steps' curl: the stream is measured when the steps request it.
    const requested = measureRequestedStream({ http: port }, { maxEvents: 4, timeoutMs: 10_000 });
    services = await startServices(root, units, Object.keys(units), requested.onRequest);

    const steps = pageSteps(page, { section });
    for (const step of steps) {
      if (step.kind === 'run') {
        await root.runSnippet(step.file, services.bin);
        continue;
      }
      const text = asServerUser(snippet(step.file))
        .replaceAll('listen 80;', `listen 127.0.0.1:${port};`)
        .replaceAll('127.0.0.1:3000', backend?.address ?? '127.0.0.1:3000');
      root.save(step.destination, text);
    }
    const measured = requested.measured();
    if (!measured) throw new Error('the steps never request the stream');
    return { ...measured, steps };
  } catch (error) {
    throw new Error(`${String(error)}\n${services?.logs() ?? ''}`, { cause: error });
  } finally {
    await services?.stop();
    await backend?.stop();
    await root.remove();
  }
}

function expectOnTime(walk: Walk): void {
  const ticks = walk.stream.arrivals.filter((arrival) => arrival.sentAt !== undefined);
  const what = `${walk.url}: ${describeArrivals(walk.stream)}; steps ${JSON.stringify(walk.steps)}`;
  expect(walk.stream.status, what).toBe(200);
  expect(ticks.length, what).toBeGreaterThanOrEqual(3);
  expect(arrivalPattern(ticks), what).toBe('one by one');
}

describeWithServers(['nginx'], 'the nginx page followed step by step: in front of Node', () => {
  it('streams on time at the URL the steps request, with the site enabled and nginx reloaded', { retry: 2 }, async () => {
    const walk = await followTab('proxyConf', { php: false });
    expectOnTime(walk);
    expect(walk.url).toBe('http://sse.example.com/events');
  });
});

describeWithServers(['nginx', 'php-fpm'], 'the nginx page followed step by step: in front of PHP-FPM', () => {
  it('streams on time at the URL the steps request, with the sse pool loaded', { retry: 2 }, async () => {
    const walk = await followTab('fpmConf', { php: true });
    expectOnTime(walk);
    expect(walk.url).toBe('http://sse.example.com/sse/events.php');
  });
});

describe('the German nginx page', () => {
  for (const section of ['proxyConf', 'fpmConf']) {
    it(`gives the same steps in the same order as the English one (${section})`, () => {
      expect(pageSteps(germanPage, { section })).toEqual(pageSteps(page, { section }));
    });
  }
});
