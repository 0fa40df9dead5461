/**
 * PHP's session lock: a script that keeps the session open while it streams
 * makes every other request of the same user wait until the stream ends;
 * the guide's script releases it with session_write_close() first.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { measureArrivals } from '../harness/arrivals.ts';
import { printLogsOnFailure } from '../harness/failure-logs.ts';
import { describeWithServers } from '../harness/requirements.ts';
import { snippet, startGuideSetup, type GuideSetup } from './guide-setup.ts';

describeWithServers(
  ['apache2', 'php-fpm', 'openssl'],
  'PHP session lock behind Apache2 + PHP-FPM',
  () => {
    let setup: GuideSetup;
    beforeAll(async () => {
      setup = await startGuideSetup({ files: { 'sse/session-locked.php': snippet('php/broken/session-locked.php') } });
    });
    afterAll(async () => setup?.stop());
    printLogsOnFailure(() => setup.logs());

    /** A session cookie from PHP itself: the guide's script starts a session even when it answers 204. */
    async function newSessionCookie(): Promise<string> {
      const answer = await measureArrivals(setup.apache.httpsUrl('/sse/events.php'), {
        client: 'node-http2',
        headers: { 'Last-Event-ID': '6' },
      });
      const cookie = /PHPSESSID=[^;]+/.exec(answer.headers['set-cookie'] ?? '')?.[0];
      if (!cookie) throw new Error(`no session cookie in ${JSON.stringify(answer.headers)}`);
      return cookie;
    }

    /** Opens a first stream, then a second one of the same session; resolves how long the second waited for its first event. */
    async function secondStreamWait(path: string): Promise<number> {
      const cookie = await newSessionCookie();
      const url = setup.apache.httpsUrl(path);
      const first = measureArrivals(url, { client: 'node-http2', headers: { Cookie: cookie } });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const second = await measureArrivals(url, { client: 'node-http2', headers: { Cookie: cookie }, maxEvents: 1 });
      await first;
      expect(second.arrivals).toHaveLength(1);
      return second.arrivals[0]!.arrivedAt - second.startedAt;
    }

    it('without session_write_close() a second request of the same user waits until the first stream ends', async () => {
      expect(await secondStreamWait('/sse/session-locked.php')).toBeGreaterThan(3_000);
    });

    it("with the guide's session_write_close() a second request of the same user is answered at once", async () => {
      expect(await secondStreamWait('/sse/events.php')).toBeLessThan(2_000);
    });
  },
  { concurrent: true },
);
