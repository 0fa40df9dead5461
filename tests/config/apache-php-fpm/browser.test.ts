/**
 * Chromium's own EventSource against the guide's Apache2 + PHP-FPM setup
 * over HTTP/2 with TLS: the PHP page's index.html and client.js list every
 * tick as it arrives and close on `done` (no reconnect); the broken script
 * that just ends is
 * reconnected to again and again.
 */
import { chromium, type Browser } from '@playwright/test';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { onTimeMs } from '../harness/arrivals.ts';
import { printLogsOnFailure } from '../harness/failure-logs.ts';
import { chromiumArgs, chromiumPath } from '../../helpers/chromium.ts';
import { fillPlaceholders } from '../harness/placeholders.ts';
import { describeWithServers } from '../harness/requirements.ts';
import { waitUntil } from '../harness/processes.ts';
import { snippet, startGuideSetup, type GuideSetup } from './guide-setup.ts';

/**
 * The PHP page's index.html, with a test-only script before client.js that
 * records when client.js adds each item.
 */
const ticksPage = fillPlaceholders(snippet('php/index.html'), {
  '<script src="/client.js"></script>': `<script>
  window.arrivals = [];
  new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) window.arrivals.push({ text: node.textContent, at: Date.now() });
    }
  }).observe(document.querySelector('#ticks'), { childList: true });
</script>
<script src="/client.js"></script>`,
});

describeWithServers(
  ['apache2', 'php-fpm', 'openssl', 'chromium'],
  "Chromium's EventSource on the Apache2 + PHP-FPM guide over HTTP/2",
  () => {
    let setup: GuideSetup;
    let browser: Browser;
    beforeAll(async () => {
      [setup, browser] = await Promise.all([
        startGuideSetup({
          files: {
            'index.html': ticksPage,
            'blank.html': '<!doctype html><title>blank</title>',
            'client.js': snippet('php/client.js'),
            'sse/restarts-forever.php': snippet('php/broken/restarts-forever.php'),
          },
        }),
        chromium.launch({
          executablePath: chromiumPath,
          // The test's certificate is self-signed.
          args: ['--ignore-certificate-errors', ...chromiumArgs],
        }),
      ]);
    });
    afterAll(async () => Promise.all([browser?.close(), setup?.stop()]));
    printLogsOnFailure(() => setup.logs());

    const requestsTo = (path: string): string[] =>
      setup.apache.dir.readIfExists('access.log').split('\n').filter((line) => line.includes(`GET ${path} `));

    it("shows every tick as it arrives and closes on done, with no reconnect (the PHP page's index.html and client.js)", async () => {
      const page = await browser.newPage();
      try {
        await page.goto(setup.apache.httpsUrl('/'));
        await page.waitForFunction(() => document.querySelectorAll('#ticks li').length === 5, undefined, { timeout: 10_000 });
        const arrivals = await page.evaluate(() => (window as unknown as { arrivals: Array<{ text: string; at: number }> }).arrivals);
        const delays = arrivals.map(({ text, at }) => at - Date.parse(/sent (\S+)$/.exec(text)![1]!));
        expect(delays.every((delay) => delay <= onTimeMs), `delays ${delays.join(', ')} ms`).toBe(true);
        expect(arrivals[4]!.at - arrivals[0]!.at).toBeGreaterThan(3_000);

        // The browser's reconnection time is 3 s: wait longer, then count.
        await page.waitForTimeout(4_000);
        expect(await page.evaluate(() => document.querySelectorAll('#ticks li').length)).toBe(5);
        const requests = requestsTo('/sse/events.php');
        expect(requests).toHaveLength(1);
        expect(requests[0]).toContain('HTTP/2.0');
      } finally {
        await page.close();
      }
    });

    it('reconnects again and again to a stream that just ends', async () => {
      const page = await browser.newPage();
      try {
        await page.goto(setup.apache.httpsUrl('/blank.html'));
        await page.evaluate(() => {
          const source = new EventSource('/sse/restarts-forever.php');
          (window as unknown as { source: EventSource }).source = source;
        });
        await waitUntil(() => requestsTo('/sse/restarts-forever.php').length >= 2, {
          process: setup.apache.process,
          what: 'a second request from the same EventSource',
          timeoutMs: 15_000,
        });
        expect(requestsTo('/sse/restarts-forever.php')[1]).toContain('HTTP/2.0');
      } finally {
        await page.close();
      }
    });
  },
  { concurrent: true },
);
