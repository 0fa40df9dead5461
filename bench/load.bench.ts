/**
 * Load benchmark: our production server (src/server/start.ts in front of the
 * build in dist/) against a bare `node:http` SSE server of the same shape
 * (bench/bare-sse-server.ts), started in the same run, each in its own
 * process, measured the same way from separate client processes on loopback.
 *
 *   npm run bench:load                        1k, 5k and 10k streams
 *   BENCH_SIZES=200,500,1000 npm run bench:load   smaller, for development
 *
 * Ours is measured on the broadcast room: `GET /api/sse/room` for the
 * streams, `POST /api/room` for the broadcasts (the bare server:
 * `GET /sse`, `POST /broadcast`). The room's rate limits are raised through
 * their settings (SSE_ROOM_RATE_LIMIT, SSE_ROOM_CLIENT_RATE_LIMIT) and the
 * stream caps through SSE_MAX_STREAMS and SSE_MAX_STREAMS_PER_CLIENT: the
 * same code paths as in production, with other numbers.
 *
 * What it measures, for each server (in this order):
 * - new streams per second: the streams of each step (e.g. 5k -> 10k) over
 *   the time the client processes took to get all their response headers,
 *   and the server's CPU time per new stream (/proc/<pid>/stat).
 * - memory per stream: the server's own RSS and heap (`/status`), each read
 *   after a full garbage collection, the delta over its idle baseline
 *   divided by the streams it reports open, at each size.
 * - broadcast: the time from sending the POST to the arrival of its event on
 *   the last of all open streams, median and worst of several broadcasts.
 * - latency: 100 events/s, each carrying the server's clock at the write
 *   (`sentAt`: `performance.timeOrigin + performance.now()`), received by one
 *   stream in a Node client process and then by Chromium's EventSource; the
 *   receiver subtracts `sentAt` from its own clock. No other stream is open.
 *
 * Bounded: fixed counts, a timeout on every step and on the whole run
 * (the run stops itself, and its processes, after 10 minutes); loopback only.
 */
import { fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, freemem, totalmem } from 'node:os';
import { chromium, type Browser } from '@playwright/test';
import { chromiumArgs, chromiumPath } from '../tests/helpers/chromium.ts';
import { startProductionServer } from '../tests/helpers/production-server.ts';

const SIZES = (process.env['BENCH_SIZES'] ?? '1000,5000,10000').split(',').map(Number);
const MAX_SIZE = 10_000;
if (SIZES.some((size) => !(Number.isInteger(size) && size > 0 && size <= MAX_SIZE))) {
  throw new Error(`BENCH_SIZES must be increasing stream counts from 1 to ${MAX_SIZE}, e.g. "1000,5000,10000".`);
}
const CLIENT_PROCESSES = 2;
/** Connections a client process has in flight at once while opening streams. */
const CONNECT_CONCURRENCY = 200;
const BROADCASTS = 7;
const LATENCY_RATE = 100;
const LATENCY_EVENTS = 600;
/** The first events of a latency run warm up the code paths and are not counted. */
const LATENCY_WARMUP = 100;
const SETTLE_MS = 1500;
const STEP_TIMEOUT_MS = 60_000;
const RUN_TIMEOUT_MS = 10 * 60_000;
/** File descriptors the server process needs: one per stream, plus the files and sockets of its own. */
const FDS_NEEDED = Math.max(...SIZES) + 1024;

const now = (): number => performance.timeOrigin + performance.now();
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const children = new Set<ChildProcess>();
/**
 * The latency runs post over kept-alive connections (a new connection per
 * event would add its setup to the server's work between events); every
 * other request gets a connection of its own, since a connection left idle
 * through a long step may be closed by the server just as it is reused.
 */
const agent = new Agent({ keepAlive: true, maxSockets: 4 });

const runTimer = setTimeout(() => {
  console.error(`The benchmark did not finish within ${RUN_TIMEOUT_MS / 60_000} minutes; stopping.`);
  for (const child of children) child.kill('SIGKILL');
  process.exit(1);
}, RUN_TIMEOUT_MS);

interface Status {
  openStreams: number;
  memory: { rss: number; heapUsed: number };
}

interface Target {
  name: string;
  pid: number;
  /** The process's inspector (started with `--inspect=127.0.0.1:0`), used only to collect garbage before a memory reading. */
  inspector: string;
  port: number;
  streamPath: string;
  broadcastPath: string;
  statusPath: string;
  broadcastBody(text: string): string;
  stop(): Promise<void>;
}

function http(port: number, method: string, path: string, body?: string, keepAlive = false): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, agent: keepAlive ? agent : false, headers: body ? { 'Content-Type': 'application/json' } : {} }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.setTimeout(STEP_TIMEOUT_MS, () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on('error', reject);
    req.end(body);
  });
}

async function status(target: Target): Promise<Status> {
  return JSON.parse((await http(target.port, 'GET', target.statusPath)).text) as Status;
}

/**
 * Both servers run with an inspector on a free loopback port, so that the
 * benchmark can have each collect its garbage before a memory reading:
 * otherwise the heap figure holds whatever garbage the last requests left
 * until the next collection, which says more about timing than about what
 * a stream keeps. The servers' code is the same as without it.
 */
const INSPECT = '--inspect=127.0.0.1:0';

async function inspectorUrl(stderr: () => string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const match = /Debugger listening on (ws:\/\/\S+)/.exec(stderr());
    if (match) return match[1]!;
    await sleep(50);
  }
  throw new Error(`No inspector address from the server:\n${stderr()}`);
}

/** A full garbage collection in the target process (HeapProfiler.collectGarbage over the inspector protocol). */
async function collectGarbage(target: Target): Promise<void> {
  const socket = new WebSocket(target.inspector);
  await new Promise<void>((resolve, reject) => {
    socket.onopen = () => socket.send(JSON.stringify({ id: 1, method: 'HeapProfiler.collectGarbage' }));
    socket.onmessage = (event) => {
      if ((JSON.parse(String(event.data)) as { id?: number }).id === 1) resolve();
    };
    socket.onerror = () => reject(new Error(`${target.name}: the inspector at ${target.inspector} did not answer`));
  });
  socket.close();
}

/** The server's memory as its status endpoint reports it, after a full garbage collection. */
async function memory(target: Target): Promise<Status> {
  await collectGarbage(target);
  await collectGarbage(target);
  return status(target);
}

/** CPU time (user + system) the process has used so far, in microseconds, from /proc (Linux). */
function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  // After the command name: field 14 (utime) and 15 (stime) of proc(5), counted from 3.
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1_000_000) / CLOCK_TICKS;
}
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

async function broadcast(target: Target, text: string, keepAlive = false): Promise<void> {
  const answer = await http(target.port, 'POST', target.broadcastPath, target.broadcastBody(text), keepAlive);
  if (answer.status !== 201) throw new Error(`${target.name}: broadcast answered ${answer.status}: ${answer.text}`);
}

async function startOurs(): Promise<Target> {
  if (!existsSync('dist/server/entry.mjs')) {
    console.log('No build in dist/: running `npm run build` first.');
    const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
    if (build.status !== 0) throw new Error('npm run build failed.');
  }
  const server = await startProductionServer({
    NODE_OPTIONS: INSPECT,
    SSE_MAX_STREAMS: String(MAX_SIZE * 2),
    SSE_MAX_STREAMS_PER_CLIENT: String(MAX_SIZE * 2),
    // 100 events/s for the latency runs plus the broadcasts, all from one address.
    SSE_ROOM_RATE_LIMIT: '2000',
    SSE_ROOM_CLIENT_RATE_LIMIT: '2000',
  });
  children.add(server.process);
  return {
    name: 'ours',
    pid: server.process.pid!,
    inspector: await inspectorUrl(() => server.stderr()),
    port: server.port,
    streamPath: '/api/sse/room',
    broadcastPath: '/api/room',
    statusPath: '/api/status',
    broadcastBody: (text) => JSON.stringify({ name: 'bench', text }),
    stop: () => server.stop(),
  };
}

async function startBare(): Promise<Target> {
  const child = spawn(process.execPath, ['bench/bare-sse-server.ts'], {
    env: { ...process.env, PORT: '0', NODE_OPTIONS: INSPECT },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`The bare server exited with ${code}.`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    name: 'bare',
    pid: child.pid!,
    inspector: await inspectorUrl(() => errors),
    port,
    streamPath: '/sse',
    broadcastPath: '/broadcast',
    statusPath: '/status',
    broadcastBody: (text) => JSON.stringify({ text }),
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A client process (bench/load-client.ts) and a way to wait for its next message of a type. */
class Client {
  readonly #child: ChildProcess;
  readonly #inbox: Array<{ type: string } & Record<string, unknown>> = [];
  readonly #waiters: Array<() => void> = [];

  constructor() {
    this.#child = fork('bench/load-client.ts', { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    children.add(this.#child);
    this.#child.on('message', (message: { type: string }) => {
      this.#inbox.push(message);
      for (const wake of this.#waiters.splice(0)) wake();
    });
  }

  send(order: object): void {
    this.#child.send(order);
  }

  async next<T = Record<string, unknown>>(type: string, timeoutMs = STEP_TIMEOUT_MS): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.#inbox.findIndex((message) => message.type === type || message.type === 'error');
      if (index >= 0) {
        const [message] = this.#inbox.splice(index, 1);
        if (message!.type === 'error') throw new Error(`client: ${String(message!['message'])}`);
        return message as T;
      }
      if (Date.now() > deadline) throw new Error(`no "${type}" from a client process within ${timeoutMs} ms`);
      await Promise.race([new Promise<void>((resolve) => this.#waiters.push(resolve)), sleep(100)]);
    }
  }

  stop(): void {
    this.#child.kill('SIGTERM');
    children.delete(this.#child);
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Posts LATENCY_EVENTS events at LATENCY_RATE per second, each due at its own time (not after the previous one). */
async function postAtRate(target: Target, prefix: string): Promise<void> {
  const start = performance.now();
  const pending: Array<Promise<void>> = [];
  for (let i = 0; i < LATENCY_EVENTS; i++) {
    const due = start + (i * 1000) / LATENCY_RATE;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    pending.push(broadcast(target, `${prefix}${i}`, true));
  }
  await Promise.all(pending);
  // Let the kept-alive connections go before the next step leaves them idle.
  agent.destroy();
}

function summarize(values: number[]): { p50: number; p99: number } {
  const sorted = values.slice(LATENCY_WARMUP).sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

async function nodeLatency(target: Target): Promise<{ p50: number; p99: number }> {
  const client = new Client();
  const prefix = `latn${target.name}-`;
  client.send({ cmd: 'latency', port: target.port, path: target.streamPath, events: LATENCY_EVENTS, prefix });
  await client.next('ready');
  await sleep(200);
  await postAtRate(target, prefix);
  const { values } = await client.next<{ values: number[] }>('latencies');
  client.stop();
  return summarize(values);
}

async function chromiumLatency(browser: Browser, target: Target): Promise<{ p99: number }> {
  const page = await browser.newPage();
  try {
    await page.goto(`http://127.0.0.1:${target.port}/`);
    const prefix = `latc${target.name}-`;
    await page.evaluate(
      ([path, prefix]) =>
        new Promise<void>((resolve) => {
          const values: number[] = [];
          (window as unknown as { latencies: number[] }).latencies = values;
          const source = new EventSource(path!);
          source.onopen = () => resolve();
          source.onmessage = (event) => {
            const receivedAt = performance.timeOrigin + performance.now();
            const { text, sentAt } = JSON.parse(event.data) as { text: string; sentAt: number };
            if (text.startsWith(prefix!)) values.push(receivedAt - sentAt);
          };
        }),
      [target.streamPath, prefix],
    );
    await sleep(200);
    await postAtRate(target, prefix);
    await page.waitForFunction((count) => (window as unknown as { latencies: number[] }).latencies.length >= count, LATENCY_EVENTS, {
      timeout: STEP_TIMEOUT_MS,
    });
    const values = await page.evaluate(() => (window as unknown as { latencies: number[] }).latencies);
    return { p99: summarize(values).p99 };
  } finally {
    await page.close();
  }
}

interface SizeResult {
  size: number;
  held: number;
  rssPerStream: number;
  heapPerStream: number;
  broadcastMedian: number;
  broadcastWorst: number;
  opensPerSecond: number;
  /** Server CPU time per new stream (µs) and per broadcast (ms, with the idle heartbeat time of the pauses). */
  cpuPerOpen: number;
  cpuPerBroadcast: number;
  failed: number;
}

async function streamSizes(target: Target): Promise<SizeResult[]> {
  const clients = Array.from({ length: CLIENT_PROCESSES }, () => new Client());
  const results: SizeResult[] = [];
  try {
    await sleep(SETTLE_MS);
    const baseline = await memory(target);
    let open = 0;
    for (const size of SIZES) {
      const adding = size - open;
      const cpuBefore = cpuMicros(target.pid);
      const startedAt = performance.now();
      clients.forEach((client, i) => {
        const count = Math.floor(adding / CLIENT_PROCESSES) + (i < adding % CLIENT_PROCESSES ? 1 : 0);
        client.send({ cmd: 'open', port: target.port, path: target.streamPath, count, concurrency: CONNECT_CONCURRENCY });
      });
      const opened = await Promise.all(clients.map((client) => client.next<{ ok: number; failed: number; statuses: object }>('opened')));
      const seconds = (performance.now() - startedAt) / 1000;
      const cpuPerOpen = (cpuMicros(target.pid) - cpuBefore) / adding;
      const failed = opened.reduce((sum, { failed }) => sum + failed, 0);
      if (failed > 0) console.error(`${target.name}: ${failed} of ${adding} streams refused or failed:`, opened.map(({ statuses }) => statuses));
      open = size;
      await sleep(SETTLE_MS);
      const loaded = await memory(target);
      const held = loaded.openStreams;

      const times: number[] = [];
      const cpuBeforeBroadcasts = cpuMicros(target.pid);
      for (let k = 0; k < BROADCASTS; k++) {
        const marker = `bc-${size}-${k}-`;
        for (const client of clients) client.send({ cmd: 'expect', marker });
        await Promise.all(clients.map((client) => client.next('armed')));
        const sentAt = now();
        await broadcast(target, `${marker}end`);
        const arrivals = await Promise.all(clients.map((client) => client.next<{ lastAt: number }>('arrived')));
        times.push(Math.max(...arrivals.map(({ lastAt }) => lastAt)) - sentAt);
        await sleep(300);
      }
      const cpuPerBroadcast = (cpuMicros(target.pid) - cpuBeforeBroadcasts) / BROADCASTS / 1000;
      times.sort((a, b) => a - b);
      results.push({
        size,
        held,
        rssPerStream: (loaded.memory.rss - baseline.memory.rss) / held,
        heapPerStream: (loaded.memory.heapUsed - baseline.memory.heapUsed) / held,
        broadcastMedian: percentile(times, 50),
        broadcastWorst: times.at(-1)!,
        opensPerSecond: (adding - failed) / seconds,
        cpuPerOpen,
        cpuPerBroadcast,
        failed,
      });
      console.log(`  ${target.name} at ${size}: done`);
    }
  } finally {
    for (const client of clients) client.send({ cmd: 'close' });
    await Promise.all(clients.map((client) => client.next('closed').catch(() => undefined)));
    for (const client of clients) client.stop();
  }
  return results;
}

interface Figures {
  nodeLatency: { p50: number; p99: number };
  chromiumP99: number;
  sizes: SizeResult[];
}

async function measure(target: Target, browser: Browser): Promise<Figures> {
  // Streams first: a new room stream gets the room's history (up to 50
  // messages), which the latency runs would fill; measured first, it holds
  // only the few broadcasts of the smaller sizes, closer to the bare server.
  console.log(`${target.name}: streams ...`);
  const sizes = await streamSizes(target);
  console.log(`${target.name}: latency (Node client) ...`);
  const node = await nodeLatency(target);
  console.log(`${target.name}: latency (Chromium) ...`);
  const { p99 } = await chromiumLatency(browser, target);
  return { nodeLatency: node, chromiumP99: p99, sizes };
}

function hardFileLimit(): number {
  const out = spawnSync('sh', ['-c', 'ulimit -Hn'], { encoding: 'utf8' }).stdout.trim();
  return out === 'unlimited' ? Number.POSITIVE_INFINITY : Number(out);
}

function table(ours: Figures, bare: Figures): string {
  const rows: string[][] = [];
  const fmt = (value: number, digits: number): string => value.toFixed(digits);
  const row = (label: string, a: number, b: number, digits: number, target: string): void => {
    rows.push([label, fmt(a, digits), fmt(b, digits), (a / b).toFixed(2), target]);
  };
  row('latency p50, Node client (ms)', ours.nodeLatency.p50, bare.nodeLatency.p50, 3, '<= 0.25');
  row('latency p99, Node client (ms)', ours.nodeLatency.p99, bare.nodeLatency.p99, 3, '<= 1');
  row('latency p99, Chromium EventSource (ms)', ours.chromiumP99, bare.chromiumP99, 3, '<= 3');
  for (let i = 0; i < ours.sizes.length; i++) {
    const a = ours.sizes[i]!;
    const b = bare.sizes[i]!;
    const top = a.size === MAX_SIZE;
    rows.push([`streams held of ${a.size}`, String(a.held), String(b.held), (a.held / b.held).toFixed(2), top ? '10000' : '']);
    row(`RSS per stream at ${a.size} (KB)`, a.rssPerStream / 1000, b.rssPerStream / 1000, 1, top ? '<= 20' : '');
    row(`heap per stream at ${a.size} (KB)`, a.heapPerStream / 1000, b.heapPerStream / 1000, 2, top ? '<= 6' : '');
    row(`broadcast to all ${a.size}, median (ms)`, a.broadcastMedian, b.broadcastMedian, 1, top ? '<= 130' : '');
    row(`broadcast to all ${a.size}, worst (ms)`, a.broadcastWorst, b.broadcastWorst, 1, '');
    row(`server CPU per broadcast at ${a.size} (ms)`, a.cpuPerBroadcast, b.cpuPerBroadcast, 1, '');
    row(`new streams/s, ${i === 0 ? 0 : ours.sizes[i - 1]!.size} -> ${a.size}`, a.opensPerSecond, b.opensPerSecond, 0, top ? '>= 6000' : '');
    row(`server CPU per new stream (µs)`, a.cpuPerOpen, b.cpuPerOpen, 0, '');
  }
  const header = ['figure', 'ours', 'bare', 'ours/bare', 'target'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((cells) => cells[column]!.length)));
  const line = (cells: string[]): string =>
    `| ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join(' | ')} |`;
  return [line(header), `| ${widths.map((width, column) => (column === 0 ? '-'.repeat(width) : `${'-'.repeat(width - 1)}:`)).join(' | ')} |`, ...rows.map(line)].join(
    '\n',
  );
}

async function main(): Promise<void> {
  const limit = hardFileLimit();
  console.log(`Needs ${FDS_NEEDED} file descriptors per server process (hard limit here: ${limit}; Node raises its soft limit to the hard one).`);
  if (limit < FDS_NEEDED) {
    console.error(`Raise the hard limit first (as root: \`ulimit -Hn ${FDS_NEEDED}\` in the shell that runs npm, or nofile in /etc/security/limits.conf), or set BENCH_SIZES lower.`);
    process.exit(1);
  }
  const [ours, bare] = await Promise.all([startOurs(), startBare()]);
  const browser = await chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs] });
  let oursFigures: Figures;
  let bareFigures: Figures;
  try {
    bareFigures = await measure(bare, browser);
    oursFigures = await measure(ours, browser);
  } finally {
    await browser.close();
    await Promise.all([ours.stop(), bare.stop()]);
  }
  const memory = `${(totalmem() / 2 ** 30).toFixed(1)} GiB (${(freemem() / 2 ** 30).toFixed(1)} GiB free)`;
  console.log(`\n${new Date().toISOString()}  ${cpus().length} cores, ${memory}, Node ${process.version}`);
  console.log(`${CLIENT_PROCESSES} client processes; ${BROADCASTS} broadcasts per size; latency: ${LATENCY_EVENTS - LATENCY_WARMUP} events at ${LATENCY_RATE}/s after ${LATENCY_WARMUP} of warm-up\n`);
  console.log(table(oursFigures, bareFigures));
  clearTimeout(runTimer);
  agent.destroy();
}

await main();
