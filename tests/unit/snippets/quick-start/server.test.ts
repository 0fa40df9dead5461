/**
 * Runs the quick start's real server (src/snippets/quick-start/server.mjs) as
 * a child process, with the page's own commands (src/snippets/quick-start/*.sh),
 * and checks what the guide promises: the page, the event stream, its timing,
 * what its curl lines print, surviving a client that goes away, and 404 for
 * everything else.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { acceptsConnections, freePort } from '../../../helpers/ports.ts';
import { routedCurl } from '../../../helpers/routed-curl.ts';
import { snippet, snippetPath } from '../../../helpers/snippets.ts';
import { snippetNode } from '../../../helpers/snippet-node.ts';

const serverPath = fileURLToPath(new URL('../../../../src/snippets/quick-start/server.mjs', import.meta.url));

let child: ChildProcess | undefined;
let port = 0;
let base = '';
let workspace = '';
let childOutput = '';

async function waitUntilListening(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child?.exitCode !== null) {
      throw new Error(`server.mjs exited early (code ${child?.exitCode}):\n${childOutput}`);
    }
    if (await acceptsConnections(port, 'localhost')) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`server.mjs did not accept connections within ${timeoutMs} ms:\n${childOutput}`);
}

interface Arrival {
  /** The raw event block, without the blank line that ended it. */
  block: string;
  /** performance.now() when the blank line arrived. */
  at: number;
}

/**
 * Opens /events and collects the first `count` events (comment-only blocks
 * are skipped), then aborts the request. Gives up after `timeoutMs`.
 */
async function collectEvents(count: number, timeoutMs: number) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`fewer than ${count} events in ${timeoutMs} ms`)), timeoutMs);
  try {
    const response = await fetch(`${base}/events`, { signal: controller.signal });
    const arrivals: Arrival[] = [];
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    while (arrivals.length < count) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const isCommentOnly = block.split('\n').every((line) => line.startsWith(':'));
        if (!isCommentOnly) arrivals.push({ block, at: performance.now() });
      }
    }
    return { status: response.status, headers: response.headers, arrivals };
  } finally {
    clearTimeout(timer);
    // Hang up like a closed tab; the server must cope.
    controller.abort();
  }
}

function field(block: string, name: string): string | undefined {
  const line = block.split('\n').find((l) => l.startsWith(`${name}:`));
  return line?.slice(name.length + 1).replace(/^ /, '');
}

/**
 * The reader's steps: make the folder (make-folder.sh), save the two files
 * in it, start the server there (start.sh: `node server.mjs`, with the
 * Node.js the pages promise first on PATH). The `cd` of make-folder.sh is
 * the spawn's cwd here: a script's `cd` ends with the script.
 */
beforeAll(async () => {
  port = await freePort();
  base = `http://localhost:${port}`;
  workspace = mkdtempSync(join(tmpdir(), 'sse-quick-start-'));
  execFileSync('/bin/sh', [snippetPath('quick-start/make-folder.sh')], { cwd: workspace });
  const folder = join(workspace, 'sse-quick-start');
  for (const file of ['server.mjs', 'index.html']) copyFileSync(snippetPath(`quick-start/${file}`), join(folder, file));
  child = spawn('/bin/sh', [snippetPath('quick-start/start.sh')], {
    cwd: folder,
    env: { ...process.env, PATH: `${dirname(snippetNode)}${delimiter}${process.env.PATH ?? ''}`, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: `sh` runs node as a child, and both must stop.
    detached: true,
  });
  child.stdout?.on('data', (chunk) => (childOutput += chunk));
  child.stderr?.on('data', (chunk) => (childOutput += chunk));
  await waitUntilListening(port, 10_000);
}, 15_000);

afterAll(async () => {
  rmSync(workspace, { recursive: true, force: true });
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child!.once('exit', resolve));
  process.kill(-child.pid!, 'SIGTERM');
  const killer = setTimeout(() => process.kill(-child!.pid!, 'SIGKILL'), 3_000);
  await exited;
  clearTimeout(killer);
}, 10_000);

/**
 * Runs one of the page's curl lines against the server for `seconds`, then
 * stops it (the reader's Ctrl+C), and returns what it printed.
 */
async function curlLine(file: string, seconds: number): Promise<string> {
  const routed = routedCurl({ 3000: port }, ['-sS', '--max-time', String(seconds)]);
  try {
    const { stdout } = await promisify(execFile)('/bin/sh', [snippetPath(file)], { env: routed.env }).catch(
      (error: { code?: number; stdout?: string }) => {
        // 28: --max-time ran out, which is how an endless stream ends here.
        if (error.code === 28) return { stdout: error.stdout ?? '' };
        throw error;
      },
    );
    return stdout;
  } finally {
    routed.remove();
  }
}

describe('quick start server (src/snippets/quick-start/server.mjs)', () => {
  it('serves the page with the EventSource client at /', async () => {
    const response = await fetch(`${base}/`, { signal: AbortSignal.timeout(5_000) });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    // Byte for byte the page the guide shows (src/snippets/quick-start/index.html).
    expect(await response.text()).toBe(snippet('quick-start/index.html'));
  }, 10_000);

  it('streams a time event with an id every second from /events', async () => {
    const { status, headers, arrivals } = await collectEvents(2, 6_000);
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(headers.get('cache-control')).toBe('no-cache');

    expect(arrivals).toHaveLength(2);
    const [first, second] = arrivals as [Arrival, Arrival];
    expect(field(first.block, 'event')).toBe('time');
    expect(field(first.block, 'id')).toBe('1');
    expect(field(second.block, 'id')).toBe('2');
    const { time } = JSON.parse(field(first.block, 'data') ?? 'null') as { time: string };
    expect(new Date(time).toISOString()).toBe(time);

    // One second apart; generous tolerance for a busy two-core machine.
    expect(second.at - first.at).toBeGreaterThanOrEqual(600);
    expect(second.at - first.at).toBeLessThanOrEqual(1_400);
  }, 10_000);

  it('does not set a Connection header itself', () => {
    // Node adds `Connection: keep-alive` on HTTP/1.1 by itself, so the response
    // cannot tell; the script must not set one (HTTP/2 and HTTP/3 forbid it).
    const code = readFileSync(serverPath, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/(^|\s)\/\/.*$/gm, '$1');
    expect(code).not.toMatch(/\bconnection\b['"`]?\s*[:,]/i);
  });

  it('keeps running after a client hangs up mid-stream', async () => {
    await collectEvents(1, 5_000);
    // Give the interval a chance to fire into the closed connection.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(child?.exitCode).toBeNull();

    const page = await fetch(`${base}/`, { signal: AbortSignal.timeout(5_000) });
    expect(page.status).toBe(200);
    await page.text();
    const again = await collectEvents(1, 5_000);
    expect(again.arrivals).toHaveLength(1);
  }, 15_000);

  it('continues counting from Last-Event-ID after a reconnect', async () => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 5_000);
    try {
      const response = await fetch(`${base}/events`, {
        headers: { 'Last-Event-ID': '41' },
        signal: controller.signal,
      });
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      let text = '';
      while (!text.includes('\n\n')) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
      expect(field(text, 'id')).toBe('42');
    } finally {
      clearTimeout(timer);
      controller.abort();
    }
  }, 10_000);

  it("the page's curl -i line (watch.sh) prints the headers, then the time events", async () => {
    const output = await curlLine('quick-start/watch.sh', 3);
    const [head = '', body = ''] = output.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(head).toMatch(/^Content-Type: text\/event-stream\r$/m);
    expect(head).toMatch(/^Cache-Control: no-cache\r$/m);
    expect(body).toMatch(/^id: 1\nevent: time\ndata: \{"time":"[^"]+"\}\n\nid: 2\nevent: time\n/);
  }, 10_000);

  it("the page's Last-Event-ID line (resume.sh) starts at id 42", async () => {
    const output = await curlLine('quick-start/resume.sh', 1.5);
    expect(output).toMatch(/^id: 42\nevent: time\n/);
  }, 10_000);

  it('answers 404 for any other path or method', async () => {
    const other = await fetch(`${base}/nope`, { signal: AbortSignal.timeout(5_000) });
    expect(other.status).toBe(404);
    await other.text();
    const post = await fetch(`${base}/events`, { method: 'POST', signal: AbortSignal.timeout(5_000) });
    expect(post.status).toBe(404);
    await post.text();
  }, 10_000);
});
