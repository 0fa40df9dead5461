/**
 * The snippets of the page "The client in a real app"
 * (src/snippets/client/use-event-source.js and keep-alive.js) in Chromium,
 * with Preact from node_modules: 'react' is mapped to preact/compat, the
 * alias a Preact app uses. A small server written here serves the page,
 * the modules and the event stream, and counts the streams it holds open.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromiumArgs, chromiumPath } from '../helpers/chromium.ts';
import { snippet } from '../helpers/snippets.ts';

const preact = (file: string) => readFileSync(new URL(`../../node_modules/preact/${file}`, import.meta.url), 'utf8');
const modules: Record<string, () => string> = {
  '/snippets/client/use-event-source.js': () => snippet('client/use-event-source.js'),
  '/snippets/client/keep-alive.js': () => snippet('client/keep-alive.js'),
  '/vendor/preact.js': () => preact('dist/preact.module.js'),
  '/vendor/preact-hooks.js': () => preact('hooks/dist/hooks.module.js'),
  '/vendor/preact-compat.js': () => preact('compat/dist/compat.module.js'),
  '/vendor/preact-test-utils.js': () => preact('test-utils/dist/testUtils.module.js'),
};

/**
 * The test page: `mount(url, options)` renders a component that shows the
 * hook's state, `unmount()` removes it, both with act() so that effects run
 * at once, as React runs them. `created` holds every EventSource the page made.
 */
const page = `<!doctype html><meta charset="utf-8"><title>hook</title>
<script type="importmap">{"imports":{"preact":"/vendor/preact.js","preact/hooks":"/vendor/preact-hooks.js",
"react":"/vendor/preact-compat.js","preact/test-utils":"/vendor/preact-test-utils.js"}}</script>
<div id="root"></div>
<script type="module">
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { useEventSource } from '/snippets/client/use-event-source.js';
window.created = [];
window.EventSource = class extends EventSource {
  constructor(...args) { super(...args); created.push(this); }
};
window.shown = [];
addEventListener('pageshow', (event) => shown.push(event.persisted));
const root = document.getElementById('root');
function Stream({ url, options }) {
  const { status, lastEvent, lastEventId, error } = useEventSource(url, options);
  return h('output', null, JSON.stringify({ status, lastEventId, data: lastEvent?.data ?? null, error: error?.type ?? null }));
}
window.mount = (url, options) => act(() => render(h(Stream, { url, options }), root));
window.unmount = () => act(() => render(null, root));
window.ready = true;
</script>`;

interface StreamRequest {
  query: URLSearchParams;
  closed: boolean;
  lastWriteAt: number;
  closedAt: number;
}

/**
 * `GET /events` sends `event: tick` with id and data n (counted across all
 * streams) every 100 ms; `?silentAfter=k` stops after k ticks but keeps the
 * response open, as a connection cut on the way would look; `?status=204`
 * answers 204, so the browser gives up.
 */
async function startAppServer(): Promise<{ server: Server; origin: string; requests: StreamRequest[]; open: () => number }> {
  const requests: StreamRequest[] = [];
  let n = 0;
  const server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    if (url.pathname === '/') return void res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(page);
    if (url.pathname === '/other') return void res.writeHead(200, { 'Content-Type': 'text/html' }).end('<p>another page</p>');
    const module = modules[url.pathname];
    if (module) return void res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(module());
    if (url.pathname !== '/events') return void res.writeHead(404).end();
    if (url.searchParams.get('status') === '204') return void res.writeHead(204).end();
    const request: StreamRequest = { query: url.searchParams, closed: false, lastWriteAt: 0, closedAt: 0 };
    requests.push(request);
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
    res.flushHeaders();
    let sent = 0;
    const silentAfter = Number(url.searchParams.get('silentAfter') ?? Infinity);
    const timer = setInterval(() => {
      if (sent++ >= silentAfter) return;
      n += 1;
      res.write(`event: tick\nid: ${n}\ndata: ${n}\n\n`);
      request.lastWriteAt = Date.now();
    }, 100);
    res.on('close', () => {
      clearInterval(timer);
      request.closed = true;
      request.closedAt = Date.now();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, origin, requests, open: () => requests.filter((request) => !request.closed).length };
}

// Playwright starts Chromium with the back/forward cache off; the bfcache
// test needs it on (Playwright allows this only for a whole file).
test.use({ launchOptions: { executablePath: chromiumPath, args: [...chromiumArgs], ignoreDefaultArgs: ['--disable-back-forward-cache'] } });

let app: Awaited<ReturnType<typeof startAppServer>>;
test.beforeEach(async () => {
  app = await startAppServer();
});
test.afterEach(async () => {
  app.server.closeAllConnections();
  await new Promise((resolve) => app.server.close(resolve));
});

/** expect.poll, polling every 50 ms: the default waits up to a second between tries. */
const until = <T>(value: () => T | Promise<T>, timeout = 10_000) => expect.poll(value, { intervals: [50], timeout });

type Shown = { status: string; lastEventId: string; data: string | null; error: string | null };
const stateOf = (tab: Page): Promise<Shown> => tab.evaluate(() => JSON.parse(document.querySelector('output')!.textContent!));
const createdCount = (tab: Page) => tab.evaluate(() => (window as unknown as { created: EventSource[] }).created.length);
const lastId = async (tab: Page) => Number((await stateOf(tab)).lastEventId);

async function openPage(tab: Page): Promise<void> {
  await tab.goto(`${app.origin}/`);
  await tab.waitForFunction(() => 'ready' in window);
}

async function mount(tab: Page, url: string, options: Record<string, unknown> = { events: ['tick'] }): Promise<void> {
  await tab.evaluate(([u, o]) => (window as unknown as { mount: (u: string, o: unknown) => void }).mount(u, o), [url, options] as const);
}
const unmount = (tab: Page) => tab.evaluate(() => (window as unknown as { unmount: () => void }).unmount());

test('useEventSource holds one stream per mount, also through mount, cleanup, mount, and closes it on unmount', async ({ page: tab }) => {
  await openPage(tab);
  // What React's StrictMode does in development: effect, cleanup, effect, in one task.
  await tab.evaluate(() => {
    const w = window as unknown as { mount: (u: string, o: unknown) => void; unmount: () => void };
    w.mount('/events', { events: ['tick'] });
    w.unmount();
    w.mount('/events', { events: ['tick'] });
  });
  // Two EventSources were made; the cleanup closed the first.
  expect(await tab.evaluate(() => (window as unknown as { created: EventSource[] }).created.map((source) => source.readyState === 2))).toEqual([true, false]);
  await until(async () => lastId(tab)).toBeGreaterThanOrEqual(3);
  await until(() => app.open()).toBe(1);
  expect(await stateOf(tab)).toMatchObject({ status: 'open', error: null });
  const shown = await stateOf(tab);
  expect(shown.data).toBe(shown.lastEventId);

  // A render with the same URL and a new options object keeps the stream.
  await mount(tab, '/events', { events: ['tick'] });
  // Another URL on the same component: the old stream closes, the new one opens.
  await mount(tab, '/events?topic=b');
  expect(await createdCount(tab)).toBe(3);
  await until(() => app.requests.at(-1)?.query.get('topic')).toBe('b');
  await until(() => app.open()).toBe(1);

  await unmount(tab);
  await until(() => app.open()).toBe(0);
  expect(await tab.evaluate(() => (window as unknown as { created: EventSource[] }).created.every((source) => source.readyState === 2))).toBe(true);
});

test('useEventSource shows closed with the error when the server answers 204', async ({ page: tab }) => {
  await openPage(tab);
  await mount(tab, '/events?status=204');
  await until(() => stateOf(tab)).toEqual({ status: 'closed', lastEventId: '', data: null, error: 'error' });
  expect(await createdCount(tab)).toBe(1);
});

test('keep-alive: the watchdog reopens a stream that went silent without closing, and leaves a live one alone', async ({ page: tab }) => {
  await openPage(tab);
  // 15 ticks 100 ms apart, then silence; the watchdog allows 2 x 400 ms.
  await mount(tab, '/events?silentAfter=15', { events: ['tick'], heartbeatMs: 400 });
  await until(() => app.requests.length).toBe(2);
  const [silent, reopened] = app.requests;
  // No reopen while ticks came; the silent one closed by the page, not before 2 beats of silence.
  expect(silent!.closed).toBe(true);
  expect(silent!.closedAt - silent!.lastWriteAt).toBeGreaterThanOrEqual(750);
  expect(reopened!.query.get('lastEventId')).toBe('15');
  await until(async () => lastId(tab)).toBeGreaterThan(15);
  expect(await stateOf(tab)).toMatchObject({ status: 'open' });
  await unmount(tab);
  await until(() => app.open()).toBe(0);
});

test('keep-alive: after a sleep (the clock jumped, no timer ran yet), visibilitychange reopens the silent stream at once', async ({ page: tab }) => {
  await tab.clock.install();
  await openPage(tab);
  await mount(tab, '/events?silentAfter=5', { events: ['tick'], heartbeatMs: 15_000 });
  await until(async () => lastId(tab)).toBe(5);
  // Timers stop; the wall clock moves on by a minute, as over a sleep.
  await tab.clock.pauseAt(Date.now() + 1000);
  await tab.clock.setSystemTime(Date.now() + 60_000);
  expect(app.requests).toHaveLength(1);
  await tab.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  await until(() => app.requests.length).toBe(2);
  expect(app.requests[1]!.query.get('lastEventId')).toBe('5');
  await until(() => app.open()).toBe(1);
});

test('keep-alive: coming back online opens a new stream that resumes after the last id', async ({ context, page: tab }) => {
  await openPage(tab);
  await mount(tab, '/events');
  await until(async () => lastId(tab)).toBeGreaterThanOrEqual(3);
  await context.setOffline(true);
  // Chromium 156 keeps the open stream through the emulated offline: it looks alive.
  await tab.waitForTimeout(300);
  expect(app.requests).toHaveLength(1);
  const seen = await lastId(tab);
  await context.setOffline(false);
  await until(() => app.requests.length).toBe(2);
  expect(Number(app.requests[1]!.query.get('lastEventId'))).toBeGreaterThanOrEqual(seen);
  await until(() => app.open()).toBe(1);
  await until(async () => (await stateOf(tab)).status).toBe('open');
});

test.describe('the back/forward cache', () => {
  test('keep-alive leaves the stream Chromium kept in the cache alone, and reopens one a browser closed on pagehide', async ({ page: tab }) => {
    await openPage(tab);
    await mount(tab, '/events');
    await until(async () => lastId(tab)).toBeGreaterThanOrEqual(2);
    const shown = () => tab.evaluate(() => (window as unknown as { shown: boolean[] }).shown);

    await tab.goto(`${app.origin}/other`);
    await tab.goBack({ waitUntil: 'commit' });
    await until(shown).toEqual([false, true]);
    // Chromium 156 kept the connection while the page was cached: no new request.
    const before = await lastId(tab);
    await until(async () => lastId(tab)).toBeGreaterThan(before);
    expect(app.requests).toHaveLength(1);
    expect(app.open()).toBe(1);

    // A browser that closes the stream when the page goes into the cache.
    // Chromium 156 fires visibilitychange (visible), then pageshow
    // (persisted) on the restore: either handler reopens it.
    await tab.evaluate(() => {
      const w = window as unknown as { created: EventSource[]; seenAtHide: string };
      addEventListener('pagehide', () => {
        w.created.at(-1)!.close();
        w.seenAtHide = document.querySelector('output')!.textContent!;
      });
    });
    await tab.goto(`${app.origin}/other`);
    await until(() => app.open()).toBe(0);
    await tab.goBack({ waitUntil: 'commit' });
    const seen = await tab.evaluate(() => Number(JSON.parse((window as unknown as { seenAtHide: string }).seenAtHide).lastEventId));
    await until(shown).toEqual([false, true, true]);
    await until(() => app.requests.length).toBe(2);
    expect(app.requests[1]!.query.get('lastEventId')).toBe(String(seen));
    await until(async () => lastId(tab)).toBeGreaterThan(seen);
    expect(app.open()).toBe(1);
  });
});
