/**
 * The nginx case study (src/snippets/nginx/case-study/): a reverse proxy
 * whose `proxy_buffering on;` held every event back, the one-word fix, and
 * the "other solution" that replaced the line with `proxy_http_version 1.1;`.
 *
 * The other solution works only as long as the backend sends chunked
 * responses: buffering is still on, and a backend that ends its body by
 * closing the connection gets its events held back again.
 *
 * The page's own commands run as written: watch-backend.sh and
 * watch-through-nginx.sh (its curl lines, routed to the test's ports) and
 * find-proxy-buffering.sh (with `sudo` and `nginx` shims that point
 * `nginx -T` at the test's config).
 */
import { expect, it } from 'vitest';
import { runShownCommand } from '../helpers/shown-command.ts';
import { snippet } from '../helpers/snippets.ts';
import { arrivalPattern, describeArrivals, measureArrivals, type MeasuredStream } from './harness/arrivals.ts';
import { measureShownCurl } from './harness/shown-curl.ts';
import { withNginx } from './harness/nginx.ts';
import { startNodeScript } from './harness/node-script.ts';
import { fillPlaceholders } from './harness/placeholders.ts';
import { describeWithServers, serverBinaries } from './harness/requirements.ts';
import { startUnchunkedBackend } from './harness/unchunked-backend.ts';

/**
 * Two retries: "on time" means within 300 ms of the send time, and a two-core
 * machine running other builds can now and then stall a process for longer.
 * A config that holds events back fails every run.
 */
const onBusyMachine = { retry: 2 };

const TICK_MS = 1000;

function caseStudyConfig(name: string, backend: string) {
  const text = snippet(name);
  return ({ httpPort }: { httpPort: number }): string =>
    fillPlaceholders(text, { 'listen 80;': `listen 127.0.0.1:${httpPort};`, '127.0.0.1:3000': backend });
}

/** The story's backend: the nginx page's Node script, which sends chunked responses. */
async function withChunkedBackend(config: string, body: (stream: MeasuredStream) => void): Promise<void> {
  const backend = await startNodeScript('src/snippets/nginx/backend.mjs', { TICK_MS: String(TICK_MS) });
  try {
    // curl -N, as in the story.
    const stream = await withNginx({ site: caseStudyConfig(config, backend.address) }, (nginx) =>
      measureArrivals(nginx.url('/events?n=5'), { client: 'curl-http1' }),
    );
    body(stream);
  } finally {
    await backend.stop();
  }
}

const ticks = (stream: MeasuredStream) => stream.arrivals.filter((arrival) => arrival.event.type === 'tick');

describeWithServers(['nginx', 'curl'], 'the nginx case study', () => {
  it.concurrent('before: proxy_buffering on holds every event until the stream ends', onBusyMachine, async () => {
    await withChunkedBackend('nginx/case-study/before.conf', (stream) => {
      expect(ticks(stream), describeArrivals(stream)).toHaveLength(5);
      expect(arrivalPattern(ticks(stream)), describeArrivals(stream)).toBe('together at the end');
    });
  });

  it.concurrent('the fix: proxy_buffering off passes every event on as it is sent', onBusyMachine, async () => {
    await withChunkedBackend('nginx/case-study/fix.conf', (stream) => {
      expect(ticks(stream), describeArrivals(stream)).toHaveLength(5);
      expect(arrivalPattern(ticks(stream)), describeArrivals(stream)).toBe('one by one');
    });
  });

  it.concurrent('the other solution seems to work with the chunked backend of the story', onBusyMachine, async () => {
    await withChunkedBackend('nginx/case-study/other-solution.conf', (stream) => {
      expect(ticks(stream), describeArrivals(stream)).toHaveLength(5);
      expect(arrivalPattern(ticks(stream)), describeArrivals(stream)).toBe('one by one');
    });
  });

  it.concurrent('the other solution holds events back again from a backend that does not chunk', onBusyMachine, async () => {
    const backend = await startUnchunkedBackend({ events: 5, intervalMs: TICK_MS });
    try {
      const stream = await withNginx({ site: caseStudyConfig('nginx/case-study/other-solution.conf', backend.address) }, (nginx) =>
        measureArrivals(nginx.url('/events'), { client: 'curl-http1' }),
      );
      expect(stream.arrivals, describeArrivals(stream)).toHaveLength(5);
      expect(arrivalPattern(stream.arrivals), describeArrivals(stream)).toBe('together at the end');
    } finally {
      await backend.stop();
    }
  });

  it.concurrent('the fix streams from a backend that does not chunk, too', onBusyMachine, async () => {
    const backend = await startUnchunkedBackend({ events: 5, intervalMs: TICK_MS });
    try {
      const stream = await withNginx({ site: caseStudyConfig('nginx/case-study/fix.conf', backend.address) }, (nginx) =>
        measureArrivals(nginx.url('/events'), { client: 'curl-http1' }),
      );
      expect(stream.arrivals, describeArrivals(stream)).toHaveLength(5);
      expect(arrivalPattern(stream.arrivals), describeArrivals(stream)).toBe('one by one');
    } finally {
      await backend.stop();
    }
  });

  it.concurrent("before: the page's checks show the backend streaming, nginx silent, and where the config sets proxy_buffering", onBusyMachine, async () => {
    const backend = await startNodeScript('src/snippets/nginx/backend.mjs', { TICK_MS: String(TICK_MS) });
    try {
      const direct = await measureShownCurl('nginx/case-study/watch-backend.sh', { 3000: backend.port }, { maxEvents: 3 });
      expect(direct.status).toBe(200);
      expect(ticks(direct), describeArrivals(direct)).toHaveLength(3);
      expect(arrivalPattern(ticks(direct)), describeArrivals(direct)).toBe('one by one');
      await withNginx({ site: caseStudyConfig('nginx/case-study/before.conf', backend.address) }, async (nginx) => {
        const silent = await measureShownCurl('nginx/case-study/watch-through-nginx.sh', { 80: nginx.httpPort }, { timeoutMs: 3_500 });
        expect(silent.arrivals, describeArrivals(silent)).toHaveLength(0);
        // `sudo` runs the command (the test may already be root); `nginx` is Debian's, reading the test's config.
        const found = await runShownCommand('nginx/case-study/find-proxy-buffering.sh', {}, {
          shims: {
            sudo: '#!/bin/sh\nexec "$@"\n',
            nginx: `#!/bin/sh\nexec ${serverBinaries.nginx.path} -p ${nginx.dir.root} -c ${nginx.dir.path('nginx.conf')} -e ${nginx.dir.path('error.log')} "$@"\n`,
          },
        });
        expect(found).toMatch(/^\d+:\s*proxy_buffering on;$/m);
      });
    } finally {
      await backend.stop();
    }
  });

  it.concurrent("the fix: the page's curl line through nginx (watch-through-nginx.sh) prints an event a second", onBusyMachine, async () => {
    const backend = await startNodeScript('src/snippets/nginx/backend.mjs', { TICK_MS: String(TICK_MS) });
    try {
      const stream = await withNginx({ site: caseStudyConfig('nginx/case-study/fix.conf', backend.address) }, (nginx) =>
        measureShownCurl('nginx/case-study/watch-through-nginx.sh', { 80: nginx.httpPort }, { maxEvents: 3 }),
      );
      expect(stream.status).toBe(200);
      expect(ticks(stream), describeArrivals(stream)).toHaveLength(3);
      expect(arrivalPattern(ticks(stream)), describeArrivals(stream)).toBe('one by one');
    } finally {
      await backend.stop();
    }
  });
});
