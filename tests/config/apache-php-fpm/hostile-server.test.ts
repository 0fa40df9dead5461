/**
 * The guide's vhost on a server whose global settings work against event
 * streams, as hosting templates and hardening guides leave them: DEFLATE for
 * text/event-stream, and ModSecurity (libapache2-mod-security2, a2enmod
 * security2) inspecting text/event-stream response bodies. The vhost's `no-gzip`/`no-brotli` and its ModSecurity exception
 * keep the streams flowing; without the exception the events are held back.
 * The exception is scoped: the firewall's rules still apply under /sse/.
 * With Debian's own recommended ModSecurity settings the exception is not
 * needed yet: they inspect response bodies, but not text/event-stream.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fillPlaceholders } from '../harness/placeholders.ts';
import { arrivalPattern, describeArrivals, measureArrivals } from '../harness/arrivals.ts';
import { printLogsOnFailure } from '../harness/failure-logs.ts';
import { describeWithServers } from '../harness/requirements.ts';
import { snippet, startGuideSetup, type GuideSetup } from './guide-setup.ts';

const hostileServerConfig = `
AddOutputFilterByType DEFLATE text/event-stream
<IfModule security2_module>
    SecRuleEngine On
    SecResponseBodyAccess On
    SecResponseBodyMimeType text/plain text/html text/event-stream
    # A rule to show the firewall still works: block any argument containing "attack".
    SecRule ARGS "@contains attack" "id:1000001,phase:2,deny,status:403,log"
</IfModule>
`;

const exception = /\n\s*<IfModule security2_module>[\s\S]*?<\/IfModule>\n/;

/**
 * What libapache2-mod-security2 ships as /etc/modsecurity/modsecurity.conf-recommended,
 * as a reader who copies it to modsecurity.conf gets it: SecResponseBodyAccess On
 * for text/plain text/html text/xml. Only its file paths change: the audit log is
 * discarded, the unicode map is read from where Debian installs it.
 */
const recommendedFile = '/etc/modsecurity/modsecurity.conf-recommended';
const debianRecommended = `<IfModule security2_module>
${fillPlaceholders(readFileSync(recommendedFile, 'utf8'), {
  'SecAuditLog /var/log/apache2/modsec_audit.log': 'SecAuditLog /dev/null',
  'SecUnicodeMapFile unicode.mapping': 'SecUnicodeMapFile /etc/modsecurity/unicode.mapping',
})}
</IfModule>
`;

describeWithServers(
  ['apache2', 'php-fpm', 'openssl', 'modsecurity'],
  "the guide's vhost on a server that compresses and inspects event streams",
  () => {
    let guide: GuideSetup;
    let withoutException: GuideSetup;
    let recommendedWithoutException: GuideSetup;
    beforeAll(async () => {
      const siteWithout = snippet('apache/sse.conf').replace(exception, '\n');
      if (siteWithout === snippet('apache/sse.conf')) throw new Error('no ModSecurity block found in sse.conf');
      [guide, withoutException, recommendedWithoutException] = await Promise.all([
        startGuideSetup({ serverConfig: hostileServerConfig, extraModules: ['security2'] }),
        startGuideSetup({ serverConfig: hostileServerConfig, siteConfig: siteWithout, extraModules: ['security2'] }),
        startGuideSetup({
          serverConfig: debianRecommended,
          siteConfig: siteWithout,
          extraModules: ['security2'],
        }),
      ]);
    });
    afterAll(async () => Promise.all([guide?.stop(), withoutException?.stop(), recommendedWithoutException?.stop()]));
    printLogsOnFailure(() => `${guide.logs()}\n${withoutException.logs()}\n${recommendedWithoutException.logs()}`);

    it('streams every event uncompressed and one by one, though the browser accepts gzip', async () => {
      const stream = await measureArrivals(guide.apache.httpsUrl('/sse/measure-ticks.php'), {
        client: 'node-http2',
        acceptEncoding: 'gzip, deflate, br',
      });
      expect(stream.headers['content-encoding']).toBeUndefined();
      expect(arrivalPattern(stream.arrivals), describeArrivals(stream)).toBe('one by one');
    });

    it('holds the events back when the ModSecurity exception is left out', async () => {
      const stream = await measureArrivals(withoutException.apache.httpsUrl('/sse/measure-ticks.php'), { client: 'node-http2' });
      expect(stream.arrivals).toHaveLength(5);
      expect(arrivalPattern(stream.arrivals), describeArrivals(stream)).toBe('together at the end');
    });

    it("needs no exception with Debian's recommended ModSecurity settings: they do not inspect text/event-stream", async () => {
      const stream = await measureArrivals(recommendedWithoutException.apache.httpsUrl('/sse/measure-ticks.php'), { client: 'node-http2' });
      expect(stream.arrivals).toHaveLength(5);
      expect(arrivalPattern(stream.arrivals), describeArrivals(stream)).toBe('one by one');
    });

    it('still applies the firewall rules to the stream scripts and the rest of the site', async () => {
      for (const path of ['/sse/events.php?q=attack', '/measure-ticks.php?q=attack']) {
        const response = await measureArrivals(guide.apache.httpsUrl(path), { client: 'node-http2' });
        expect(response.status, path).toBe(403);
      }
    });
  },
  { concurrent: true },
);
