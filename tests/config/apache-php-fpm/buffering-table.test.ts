/**
 * The measured table of the Apache2 + PHP-FPM pages, row by row: a PHP
 * script sends five events one second apart, each followed by flush(); the
 * client records when each arrives. "one by one" = every event within
 * 300 ms of being sent; "together at the end" = all five in one burst after
 * the script ended.
 *
 * Each row runs its own Apache (the broken variants are the files the pages
 * show, from src/snippets/apache/broken/ and src/snippets/php/broken/)
 * against one of three PHP-FPM masters: Debian's stock php.ini
 * (output_buffering = 4096), the pool setting
 * php_admin_value[output_buffering] = 0, or the guide's conf.d file. The
 * rows run in parallel. Beside the table, the symptoms page's confirm
 * commands run against the broken Content-Encoding config.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runShownCommand } from '../../helpers/shown-command.ts';
import { startApache, type Apache } from '../harness/apache.ts';
import { debianDefaultModules } from '../harness/apache-modules.ts';
import { arrivalPattern, describeArrivals, measureArrivals, type Client, type MeasuredStream } from '../harness/arrivals.ts';
import { startPhpFpm, type PhpFpm } from '../harness/php-fpm.ts';
import { fillPlaceholders } from '../harness/placeholders.ts';
import { describeWithServers } from '../harness/requirements.ts';
import { createServerDir, type ServerDir } from '../harness/server-dir.ts';
import { snippet } from './guide-setup.ts';

const modules = [...debianDefaultModules, 'proxy', 'proxy_fcgi', 'socache_shmcb', 'ssl', 'http2', 'headers'];

type Pool = 'stock' | 'no output buffer' | "the guide's 99-sse.ini";

interface Row {
  name: string;
  pool: Pool;
  /** Apache config for the row, given the pool's socket. */
  config: (socket: string) => string;
  script?: string;
  client: Client;
  acceptEncoding?: string;
  check: (stream: MeasuredStream) => void;
}

const handler = (socket: string): string => `<FilesMatch "\\.php$">
    SetHandler "proxy:unix:${socket}|fcgi://localhost/"
</FilesMatch>`;
const worker = (parameters: string): string => `<Proxy "fcgi://localhost/">
    ProxySet ${parameters}
</Proxy>`;
const brokenApache = (file: string) => (socket: string): string =>
  fillPlaceholders(snippet(file), { '/run/php/php8.2-fpm.sock': socket });

const oneByOne = (stream: MeasuredStream): void => {
  expect(stream.arrivals).toHaveLength(5);
  expect(arrivalPattern(stream.arrivals), describeArrivals(stream)).toBe('one by one');
};
const togetherAtTheEnd = (stream: MeasuredStream): void => {
  expect(stream.arrivals).toHaveLength(5);
  expect(arrivalPattern(stream.arrivals), describeArrivals(stream)).toBe('together at the end');
  // Held back for the whole run of the script, not just a moment.
  expect(stream.arrivals[0]!.delayMs, describeArrivals(stream)).toBeGreaterThan(3_000);
};

const rows: Row[] = [
  {
    name: 'stock output_buffering = 4096, SetHandler to PHP-FPM: all five arrive together at the end',
    pool: 'stock',
    config: handler,
    client: 'curl-http1',
    check: togetherAtTheEnd,
  },
  {
    name: "seed's ProxyFCGISetEnvIf NO_FCGI_BUFFERING line, stock php.ini: all five together at the end",
    pool: 'stock',
    config: brokenApache('apache/broken/no-fcgi-buffering.conf'),
    client: 'curl-http1',
    check: togetherAtTheEnd,
  },
  {
    name: 'the NO_FCGI_BUFFERING line does not replace flushpackets even with output buffering 0: together at the end',
    pool: 'no output buffer',
    config: brokenApache('apache/broken/no-fcgi-buffering.conf'),
    client: 'curl-http1',
    check: togetherAtTheEnd,
  },
  {
    name: 'flushpackets=on alone, output_buffering still 4096: all five together at the end',
    pool: 'stock',
    config: (socket) => `${handler(socket)}\n${worker('flushpackets=on')}`,
    client: 'curl-http1',
    check: togetherAtTheEnd,
  },
  {
    name: 'ini_set("output_buffering", "0") in the script with flushpackets=on: still together at the end',
    pool: 'stock',
    config: (socket) => `${handler(socket)}\n${worker('flushpackets=on')}`,
    script: 'ini-set-output-buffering.php',
    client: 'curl-http1',
    check: togetherAtTheEnd,
  },
  {
    name: 'output_buffering 0 alone, no flushpackets, HTTP/1.1: all five together at the end',
    pool: 'no output buffer',
    config: handler,
    client: 'curl-http1',
    check: togetherAtTheEnd,
  },
  {
    name: 'output_buffering 0 alone, no flushpackets, HTTP/2 with TLS: one by one (mod_http2 passes flushes on)',
    pool: 'no output buffer',
    config: handler,
    client: 'curl-http2',
    check: oneByOne,
  },
  {
    name: 'flushpackets=on with output_buffering 0, HTTP/1.1: one by one',
    pool: 'no output buffer',
    config: (socket) => `${handler(socket)}\n${worker('flushpackets=on')}`,
    client: 'curl-http1',
    check: oneByOne,
  },
  {
    name: 'flushpackets=auto flushwait=10 with output_buffering 0: one by one',
    pool: 'no output buffer',
    config: (socket) => `${handler(socket)}\n${worker('flushpackets=auto flushwait=10')}`,
    client: 'curl-http1',
    check: oneByOne,
  },
  {
    name: 'flushpackets=on with output_buffering 0, HTTP/2 with TLS: one by one',
    pool: 'no output buffer',
    config: (socket) => `${handler(socket)}\n${worker('flushpackets=on')}`,
    client: 'curl-http2',
    check: oneByOne,
  },
  {
    name: 'AddOutputFilterByType DEFLATE text/event-stream with flushpackets: gzip chunks that still stream one by one',
    pool: 'no output buffer',
    config: (socket) => `${handler(socket)}\n${worker('flushpackets=on')}\nAddOutputFilterByType DEFLATE text/event-stream`,
    client: 'node-http1',
    acceptEncoding: 'gzip',
    check: (stream) => {
      expect(stream.headers['content-encoding']).toBe('gzip');
      oneByOne(stream);
    },
  },
  {
    name: 'DEFLATE plus Header unset Content-Encoding: gzip bytes arrive without the header and the client parses 0 events',
    pool: 'no output buffer',
    config: brokenApache('apache/broken/unset-content-encoding.conf'),
    client: 'node-http1',
    acceptEncoding: 'gzip',
    check: (stream) => {
      expect(stream.status).toBe(200);
      expect(stream.headers['content-encoding']).toBeUndefined();
      expect(stream.chunks.reduce((sum, chunk) => sum + chunk.bytes, 0)).toBeGreaterThan(50);
      expect(stream.arrivals).toHaveLength(0);
    },
  },
  {
    name: "the guide's .user.ini beside the script, stock pool, flushpackets=on: one by one",
    pool: 'stock',
    config: (socket) => `${handler(socket)}\n${worker('flushpackets=on')}`,
    script: 'with-user-ini/measure-ticks.php',
    client: 'curl-http1',
    check: oneByOne,
  },
  {
    name: "the guide's conf.d/99-sse.ini, flushpackets=on: one by one",
    pool: "the guide's 99-sse.ini",
    config: (socket) => `${handler(socket)}\n${worker('flushpackets=on')}`,
    client: 'curl-http1',
    check: oneByOne,
  },
];

describeWithServers(
  ['apache2', 'php-fpm', 'openssl', 'curl'],
  'Apache2 + PHP-FPM buffering table',
  () => {
    const pools = new Map<Pool, PhpFpm>();
    let site: ServerDir;
    beforeAll(async () => {
      site = createServerDir('site');
      site.write('public/measure-ticks.php', snippet('php/measure-ticks.php'));
      site.write('public/ini-set-output-buffering.php', snippet('php/broken/ini-set-output-buffering.php'));
      site.write('public/with-user-ini/measure-ticks.php', snippet('php/measure-ticks.php'));
      site.write('public/with-user-ini/.user.ini', snippet('php/user.ini'));
      const [stock, unbuffered, guideIni] = await Promise.all([
        startPhpFpm(),
        startPhpFpm({ settings: { 'php_admin_value[output_buffering]': '0' } }),
        startPhpFpm({ ini: snippet('php/sse-php.ini') }),
      ]);
      pools.set('stock', stock).set('no output buffer', unbuffered).set("the guide's 99-sse.ini", guideIni);
    });
    afterAll(async () => {
      await Promise.all([...pools.values()].map((pool) => pool.stop()));
      await site?.remove();
    });

    /** An Apache serving the site with `config`; with `tls`, also on httpsPort (HTTP/2 offered). */
    const startSite = (config: string, tls: boolean): Promise<Apache> =>
      startApache({
        modules,
        tls,
        site: ({ httpsPort, cert }) => `DocumentRoot "${site.path('public')}"
<Directory "${site.path('public')}">
    Require all granted
</Directory>
${config}
${cert ? `<VirtualHost *:${httpsPort}>
    Protocols h2 http/1.1
    SSLEngine on
    SSLCertificateFile ${cert.certFile}
    SSLCertificateKeyFile ${cert.keyFile}
</VirtualHost>` : ''}`,
      });

    it("the symptoms page's confirm commands (first-bytes-and-headers.sh) show gzip's 1f 8b and headers without Content-Encoding", async () => {
      const fpm = pools.get('no output buffer')!;
      // The page's URL path /events is the measuring script here.
      const apache = await startSite(
        `${brokenApache('apache/broken/unset-content-encoding.conf')(fpm.socket)}\nAlias "/events" "${site.path('public/measure-ticks.php')}"`,
        true,
      );
      try {
        const output = await runShownCommand('troubleshooting/first-bytes-and-headers.sh', { 443: apache.httpsPort });
        const [firstBytes = '', ...headerLines] = output.split('\n');
        expect(firstBytes.trim().split(/\s+/)).toHaveLength(16);
        expect(firstBytes.trim()).toMatch(/^1f 8b /);
        const headers = headerLines.join('\n');
        expect(headers).toMatch(/^HTTP\/2 200/);
        expect(headers).toMatch(/^content-type: text\/event-stream/im);
        expect(headers).not.toMatch(/^content-encoding:/im);
      } catch (error) {
        console.error(apache.logs());
        throw error;
      } finally {
        await apache.stop();
      }
    });

    for (const row of rows) {
      it(row.name, async () => {
        const fpm = pools.get(row.pool)!;
        const apache = await startSite(row.config(fpm.socket), row.client.endsWith('http2'));
        try {
          const path = `/${row.script ?? 'measure-ticks.php'}`;
          const url = row.client.endsWith('http2') ? apache.httpsUrl(path) : apache.url(path);
          const stream = await measureArrivals(url, {
            client: row.client,
            ...(row.acceptEncoding ? { acceptEncoding: row.acceptEncoding } : {}),
          });
          expect(stream.httpVersion).toBe(row.client.endsWith('http2') ? '2' : '1.1');
          row.check(stream);
        } catch (error) {
          console.error(`${row.name}\n${apache.logs()}\n${fpm.logs()}`);
          throw error;
        } finally {
          await apache.stop();
        }
      });
    }
  },
  { concurrent: true },
);
