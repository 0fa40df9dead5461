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
 * watch-through-nginx.sh (its curl lines, routed to the test's ports),
 * find-proxy-buffering.sh and reload.sh (with `sudo`, `nginx` and
 * `systemctl` shims that point them at the test's nginx).
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { runShownCommand } from '../helpers/shown-command.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { snippet } from '../helpers/snippets.ts';
import { arrivalPattern, describeArrivals, measureArrivals, type MeasuredStream } from './harness/arrivals.ts';
import { measureShownCurl } from './harness/shown-curl.ts';
import { withNginx, type Nginx } from './harness/nginx.ts';
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

/**
 * The system commands of the page's shell lines, for the test's nginx:
 * `sudo` runs its command (the test may already be root), `nginx` is
 * Debian's reading the test's config, and `systemctl reload nginx` (nothing
 * else) signals that nginx to reload, as systemd's unit does.
 */
function systemShims(nginx: Nginx): Record<string, string> {
  const debianNginx = `${serverBinaries.nginx.path} -p ${nginx.dir.root} -c ${nginx.dir.path('nginx.conf')} -e ${nginx.dir.path('error.log')}`;
  return {
    sudo: '#!/bin/sh\nexec "$@"\n',
    nginx: `#!/bin/sh\nexec ${debianNginx} "$@"\n`,
    systemctl: `#!/bin/sh\n[ "$*" = 'reload nginx' ] || { echo "systemctl shim: only 'reload nginx', not '$*'" >&2; exit 64; }\nexec ${debianNginx} -s reload\n`,
  };
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

  it.concurrent("the page's commands, in the story's order: the checks, then the fix with reload.sh, then the check again", onBusyMachine, async () => {
    const backend = await startNodeScript('src/snippets/nginx/backend.mjs', { TICK_MS: String(TICK_MS) });
    try {
      const direct = await measureShownCurl('nginx/case-study/watch-backend.sh', { 3000: backend.port }, { maxEvents: 3 });
      expect(direct.status).toBe(200);
      expect(ticks(direct), describeArrivals(direct)).toHaveLength(3);
      expect(arrivalPattern(ticks(direct)), describeArrivals(direct)).toBe('one by one');
      const before = caseStudyConfig('nginx/case-study/before.conf', backend.address);
      await withNginx({ site: before }, async (nginx) => {
        const silent = await measureShownCurl('nginx/case-study/watch-through-nginx.sh', { 80: nginx.httpPort }, { timeoutMs: 3_500 });
        expect(silent.arrivals, describeArrivals(silent)).toHaveLength(0);
        const found = await runShownCommand('nginx/case-study/find-proxy-buffering.sh', {}, { shims: systemShims(nginx) });
        expect(found).toMatch(/^\d+:\s*proxy_buffering on;$/m);

        // Step 1 of the fix: the config file now holds fix.conf. Step 2: the page's reload line.
        const config = nginx.dir.path('nginx.conf');
        const fixed = caseStudyConfig('nginx/case-study/fix.conf', backend.address)(nginx);
        nginx.dir.write('nginx.conf', readFileSync(config, 'utf8').replace(before(nginx), fixed));
        expect(readFileSync(config, 'utf8')).toContain('proxy_buffering off;');
        await runShownCommand('nginx/case-study/reload.sh', {}, { shims: systemShims(nginx) });
        // A reload is a signal: nginx starts workers with the new config, then the old one exits (a log line at info level).
        await waitFor(() => /worker process \d+ exited with code 0/.test(nginx.dir.readIfExists('error.log')), 10_000, 'the old worker to exit after the reload');

        // Step 3: the check from the task again, on the same nginx.
        const stream = await measureShownCurl('nginx/case-study/watch-through-nginx.sh', { 80: nginx.httpPort }, { maxEvents: 3 });
        expect(stream.status).toBe(200);
        expect(ticks(stream), describeArrivals(stream)).toHaveLength(3);
        expect(arrivalPattern(ticks(stream)), describeArrivals(stream)).toBe('one by one');
      });
    } finally {
      await backend.stop();
    }
  });
});
