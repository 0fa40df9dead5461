/**
 * Debian's services, run from a copy of Debian's layout (debian-root.ts) on
 * free loopback ports, and the stand-ins a page's shell steps call instead of
 * the machine's own systemctl and curl:
 *
 *   const services = await startServices(root, { nginx: () => startDebianNginx(root, port) }, ['nginx']);
 *   await root.runSnippet('nginx/steps-proxy.sh', services.bin);
 *   // with onRequest: (args) => measure the stream the step's `curl` asks for, at that moment
 *   await services.stop();
 *
 * `systemctl reload|restart|start <unit>…` in a step waits while the test
 * stops that unit's process and starts it again from the copy's current
 * files, so a step that runs before the file it needs is in place, or a
 * missing reload, leaves the old config running, as it would on the
 * reader's server. A unit the test does not know fails the step. `curl`
 * hands its arguments to `onRequest` and waits for it: the test makes the
 * request itself at that moment of the steps, to the loopback port, with the
 * host name of the URL in the Host header.
 * `nginx` and `php-fpm8.2` (for `nginx -t`, `php-fpm8.2 -t`) are the real
 * programs, pointed at the copy.
 */
import http from 'node:http';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { acceptsConnections } from '../../helpers/ports.ts';
import { measureArrivals, type MeasuredStream, type MeasureOptions } from './arrivals.ts';
import { enableDebianDefaults } from './apache-modules.ts';
import { writeStubs, type DebianRoot } from './debian-root.ts';
import { canConnectToSocket } from './php-fpm.ts';
import { startProcess, waitUntil, type ServerProcess } from './processes.ts';
import { serverBinaries } from './requirements.ts';
import { serverUserNames } from './server-dir.ts';

export type ServiceStart = () => Promise<ServerProcess>;

export interface Services {
  /** The folder with the stand-ins, for the steps' PATH. */
  readonly bin: string;
  /** Each `systemctl` call of the steps, its arguments joined by spaces. */
  readonly calls: string[];
  logs(): string;
  stop(): Promise<void>;
}

export async function startServices(
  root: DebianRoot,
  units: Record<string, ServiceStart>,
  runningAtStart: readonly string[],
  onRequest: (curlArgs: string[]) => Promise<void>,
): Promise<Services> {
  const running = new Map<string, ServerProcess>();
  const calls: string[] = [];
  for (const name of runningAtStart) running.set(name, await units[name]!());

  async function restart(unit: string): Promise<void> {
    const start = units[unit];
    if (!start) throw new Error(`systemctl (test stand-in): unit ${unit} is not part of this test`);
    await running.get(unit)?.stop();
    running.delete(unit);
    running.set(unit, await start());
  }

  const control = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const args = url.searchParams.getAll('a');
    const answer = (status: number, text: string): void => void response.writeHead(status).end(`${text}\n`);
    if (url.pathname === '/curl') {
      onRequest(args).then(
        () => answer(200, ''),
        (error: Error) => answer(500, error.message),
      );
      return;
    }
    calls.push(args.join(' '));
    const [action, ...names] = args;
    if (!['reload', 'restart', 'start'].includes(action ?? '')) return answer(400, `systemctl (test stand-in): ${action} is not supported`);
    names
      .reduce((done, name) => done.then(() => restart(name)), Promise.resolve())
      .then(
        () => answer(200, ''),
        (error: Error) => answer(500, error.message),
      );
  });
  await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
  const port = (control.address() as AddressInfo).port;
  // Each argument travels as one `a` query parameter, in order.
  const forward = (path: string): string => `n=$#
for a in "$@"; do set -- "$@" --data-urlencode "a=$a"; done
shift $n
exec /usr/bin/curl -sS --fail-with-body --max-time 60 --get "$@" http://127.0.0.1:${port}${path}`;
  const bin = writeStubs(root, {
    systemctl: forward('/systemctl'),
    curl: forward('/curl'),
    nginx: `exec ${serverBinaries.nginx.path} -c ${root.path('/etc/nginx/nginx.conf')} -e ${root.path('/var/log/nginx/error.log')} "$@"`,
    'php-fpm8.2': `exec ${serverBinaries['php-fpm'].path} --fpm-config ${root.path('/etc/php/8.2/fpm/php-fpm.conf')} "$@"`,
  });
  return {
    bin,
    calls,
    logs: () => [...running.values()].map((process) => process.output()).join('\n'),
    async stop() {
      await Promise.all([...running.values()].map((process) => process.stop()));
      await new Promise<void>((resolve) => control.close(() => resolve()));
    },
  };
}

export interface RequestedStream {
  /** The URL as the step wrote it (`http://sse.example.com/events`). */
  url: string;
  stream: MeasuredStream;
}

/**
 * The `onRequest` of startServices for steps that end with `curl -N <url>`:
 * measures that stream on the test's port for the URL's scheme, with the
 * URL's host in the Host header (and so in TLS's server name).
 */
export function measureRequestedStream(
  ports: { http: number; https?: number },
  options: MeasureOptions = {},
): { onRequest: (curlArgs: string[]) => Promise<void>; measured: () => RequestedStream | undefined } {
  let measured: RequestedStream | undefined;
  return {
    measured: () => measured,
    async onRequest(args) {
      const url = args.find((arg) => /^https?:\/\//.test(arg));
      if (!url) throw new Error(`curl without a URL: ${args.join(' ')}`);
      const target = new URL(url);
      const port = target.protocol === 'https:' ? ports.https : ports.http;
      if (port === undefined) throw new Error(`no ${target.protocol} port in this test: ${url}`);
      const stream = await measureArrivals(`${target.protocol}//127.0.0.1:${port}${target.pathname}${target.search}`, {
        ...options,
        headers: { Host: target.host },
      });
      measured = { url, stream };
    },
  };
}

/** Debian's pool files name www-data; the test's servers run as the server user (server-dir.ts). */
export function asServerUser(text: string): string {
  return text
    .replace(/^(user|listen\.owner)\s*=\s*www-data$/gm, `$1 = ${serverUserNames.user}`)
    .replace(/^(group|listen\.group)\s*=\s*www-data$/gm, `$1 = ${serverUserNames.group}`);
}

/**
 * Debian's nginx as `apt-get install nginx` leaves it, on `port`: the copy's
 * nginx.conf, conf.d and sites-enabled (the default site on that port).
 * Temp paths go into the copy, where the server user may write.
 */
export function prepareDebianNginx(root: DebianRoot, port: number): ServiceStart {
  const defaultSite = root.path('/etc/nginx/sites-available/default');
  writeFileSync(
    defaultSite,
    readFileSync(defaultSite, 'utf8')
      .replace(/^\s*listen \[::\]:80 default_server;\n/m, '')
      .replace(/^(\s*)listen 80 default_server;/m, `$1listen 127.0.0.1:${port} default_server;`),
  );
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((name) => `${name}_temp_path ${root.dir.mkdir(`var/lib/nginx/${name}`)};`)
    .join('\n');
  root.dir.write('etc/nginx/conf.d/zz-test-temp-paths.conf', `${temp}\n`);
  const errorLog = root.path('/var/log/nginx/error.log');
  return async () => {
    const process = startProcess({
      command: serverBinaries.nginx.path,
      args: ['-c', root.path('/etc/nginx/nginx.conf'), '-e', errorLog, '-g', 'daemon off;'],
      logs: () => `--- error.log ---\n${root.dir.readIfExists('var/log/nginx/error.log')}`,
    });
    await waitUntil(() => acceptsConnections(port), { process, what: `nginx on port ${port}` });
    return process;
  };
}

/** Debian's PHP-FPM 8.2 as installed: the copy's php-fpm.conf and every pool in pool.d. */
export function prepareDebianPhpFpm(root: DebianRoot): ServiceStart {
  const poolDir = root.path('/etc/php/8.2/fpm/pool.d');
  const www = `${poolDir}/www.conf`;
  writeFileSync(www, asServerUser(readFileSync(www, 'utf8')));
  return async () => {
    const sockets = readdirSync(poolDir)
      .filter((name) => name.endsWith('.conf'))
      .flatMap((name) => [...readFileSync(`${poolDir}/${name}`, 'utf8').matchAll(/^\s*listen\s*=\s*(\/\S+)\s*$/gm)].map((m) => m[1]!));
    const process = startProcess({
      command: serverBinaries['php-fpm'].path,
      args: ['--nodaemonize', '--fpm-config', root.path('/etc/php/8.2/fpm/php-fpm.conf')],
      logs: () => `--- php8.2-fpm.log ---\n${root.dir.readIfExists('var/log/php8.2-fpm.log')}`,
    });
    await waitUntil(async () => (await Promise.all(sockets.map(canConnectToSocket))).every(Boolean), {
      process,
      what: `php-fpm (${sockets.join(', ')})`,
    });
    return process;
  };
}

export interface DebianApache {
  start: ServiceStart;
  /** What Debian's a2enmod, a2ensite and apachectl need to work on the copy. */
  toolEnv: Record<string, string>;
}

/**
 * The copy's /etc/apache2 as a fresh `apt-get install apache2` leaves it:
 * Debian's default modules and site enabled, its run, lock, log and state
 * folders in the copy. Returns the environment under which Debian's
 * a2enmod, a2ensite and apachectl work on the copy (they honour
 * APACHE_CONFDIR, so nothing outside it is touched).
 */
export function freshDebianApache(root: DebianRoot): Record<string, string> {
  const confdir = root.path('/etc/apache2');
  enableDebianDefaults(confdir);
  for (const folder of ['var/run/apache2', 'var/lock/apache2', 'var/log/apache2', 'var/lib/apache2']) root.dir.mkdir(folder);
  return {
    APACHE_CONFDIR: confdir,
    APACHE_ENVVARS: `${confdir}/envvars`,
    APACHE_STATE_DIRECTORY: root.path('/var/lib/apache2'),
  };
}

/**
 * Debian's Apache as a fresh install (freshDebianApache), running: Listen on
 * the test's ports, as the server user.
 */
export function prepareDebianApache(root: DebianRoot, { httpPort, httpsPort }: { httpPort: number; httpsPort: number }): DebianApache {
  const confdir = root.path('/etc/apache2');
  const toolEnv = freshDebianApache(root);
  const edit = (file: string, change: (text: string) => string): void =>
    writeFileSync(`${confdir}/${file}`, change(readFileSync(`${confdir}/${file}`, 'utf8')));
  edit('ports.conf', (text) =>
    text.replace(/^Listen 80$/m, `Listen 127.0.0.1:${httpPort}`).replace(/^(\s*)Listen 443$/gm, `$1Listen 127.0.0.1:${httpsPort}`),
  );
  edit('sites-available/000-default.conf', (text) => text.replace('<VirtualHost *:80>', `<VirtualHost *:${httpPort}>`));
  edit('envvars', (text) =>
    text
      .replace(/^export APACHE_RUN_USER=www-data$/m, `export APACHE_RUN_USER=${serverUserNames.user}`)
      .replace(/^export APACHE_RUN_GROUP=www-data$/m, `export APACHE_RUN_GROUP=${serverUserNames.group}`),
  );
  return {
    toolEnv,
    start: async () => {
      const process = startProcess({
        command: '/bin/sh',
        args: ['-c', `. "${confdir}/envvars" && exec ${serverBinaries.apache2.path} -d "${confdir}" -f "${confdir}/apache2.conf" -DFOREGROUND`],
        env: toolEnv,
        logs: () => `--- error.log ---\n${root.dir.readIfExists('var/log/apache2/error.log')}`,
      });
      // Debian's ports.conf listens on 443 only with mod_ssl enabled.
      const ports = existsSync(`${confdir}/mods-enabled/ssl.load`) ? [httpPort, httpsPort] : [httpPort];
      await waitUntil(async () => (await Promise.all(ports.map((port) => acceptsConnections(port)))).every(Boolean), {
        process,
        what: `apache2 on ports ${ports.join(', ')}`,
      });
      return process;
    },
  };
}
