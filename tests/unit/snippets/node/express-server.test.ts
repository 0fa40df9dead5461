/**
 * Runs the Express server (src/snippets/node/express-server.mjs) with a test
 * API token and one allowed origin, and checks the authentication choices and
 * the CORS answers the client pages describe. Chromium reads the same server
 * in tests/e2e/client-snippets.spec.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { startSnippetServer, type SnippetServer } from '../../../helpers/snippet-server.ts';
import { readEvents } from '../../../helpers/event-stream-reader.ts';

const script = fileURLToPath(new URL('../../../../src/snippets/node/express-server.mjs', import.meta.url));
const API_TOKEN = 'test-token-5f1c';
const ALLOWED_ORIGIN = 'https://app.example';
let server: SnippetServer;

beforeAll(async () => {
  server = await startSnippetServer(script, { API_TOKEN, ALLOWED_ORIGIN });
}, 15_000);
afterAll(() => server?.stop(), 10_000);

const bearer = { Authorization: `Bearer ${API_TOKEN}` };

async function status(path: string, init: RequestInit = {}): Promise<number> {
  const response = await fetch(`${server.base}${path}`, { ...init, signal: AbortSignal.timeout(5_000) });
  await response.body?.cancel();
  return response.status;
}

async function newStreamToken(): Promise<string> {
  const response = await fetch(`${server.base}/stream-tokens`, { method: 'POST', headers: bearer, signal: AbortSignal.timeout(5_000) });
  expect(response.status).toBe(200);
  expect(response.headers.get('cache-control')).toBe('no-store');
  return ((await response.json()) as { token: string }).token;
}

describe('Express server (src/snippets/node/express-server.mjs)', () => {
  it('refuses to start without API_TOKEN', async () => {
    await expect(startSnippetServer(script, { API_TOKEN: '' })).rejects.toThrow(/API_TOKEN/);
  });

  it('streams tick events with ids to a client with the bearer token, after setting retry', async () => {
    const { status: code, headers, events, retries } = await readEvents(`${server.base}/events`, 2, { headers: bearer });
    expect(code).toBe(200);
    expect(headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(retries).toEqual([2000]);
    expect(events.map((event) => [event.type, event.lastEventId])).toEqual([
      ['tick', '1'],
      ['tick', '2'],
    ]);
    expect(JSON.parse(events[1]!.data)).toMatchObject({ n: 2 });
    expect(events[1]!.at - events[0]!.at).toBeGreaterThan(600);
  });

  it('accepts the same secret as a session cookie, as EventSource sends it', async () => {
    const { events } = await readEvents(`${server.base}/events`, 1, { headers: { Cookie: `theme=dark; session=${API_TOKEN}` } });
    expect(events).toHaveLength(1);
  });

  it('answers 401 without a credential or with a wrong one', async () => {
    expect(await status('/events')).toBe(401);
    expect(await status('/events', { headers: { Authorization: 'Bearer wrong' } })).toBe(401);
    expect(await status('/events', { headers: { Cookie: 'session=wrong' } })).toBe(401);
    expect(await status('/stream-tokens', { method: 'POST' })).toBe(401);
  });

  it('issues stream tokens that open one stream each', async () => {
    const token = await newStreamToken();
    const first = await readEvents(`${server.base}/events?token=${token}`, 1);
    expect(first.status).toBe(200);
    expect(first.events).toHaveLength(1);
    expect(await status(`/events?token=${token}`)).toBe(401);
    expect(await status('/events?token=made-up')).toBe(401);
  });

  it('continues after Last-Event-ID, or after ?lastEventId= from a new EventSource', async () => {
    const header = await readEvents(`${server.base}/events`, 1, { headers: { ...bearer, 'Last-Event-ID': '41' } });
    expect(header.events[0]?.lastEventId).toBe('42');
    const query = await readEvents(`${server.base}/events?lastEventId=41`, 1, { headers: bearer });
    expect(query.events[0]?.lastEventId).toBe('42');
  });

  it('allows the configured origin with credentials, by exact origin, and no other', async () => {
    const allowed = await fetch(`${server.base}/stream-tokens`, {
      method: 'POST',
      headers: { ...bearer, Origin: ALLOWED_ORIGIN },
      signal: AbortSignal.timeout(5_000),
    });
    await allowed.body?.cancel();
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
    expect(allowed.headers.get('vary')).toMatch(/Origin/);

    const other = await fetch(`${server.base}/stream-tokens`, {
      method: 'POST',
      headers: { ...bearer, Origin: 'https://evil.example' },
      signal: AbortSignal.timeout(5_000),
    });
    await other.body?.cancel();
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('sends Vary: Origin on every response, since with ALLOWED_ORIGIN set each one depends on Origin', async () => {
    for (const origin of [ALLOWED_ORIGIN, 'https://evil.example', undefined]) {
      const response = await fetch(`${server.base}/events`, {
        headers: origin ? { ...bearer, Origin: origin } : bearer,
        signal: AbortSignal.timeout(5_000),
      });
      await response.body?.cancel();
      expect(response.headers.get('vary'), `Origin: ${origin}`).toMatch(/\bOrigin\b/);
    }
  });

  it('answers the preflight of a fetch that sends Authorization and Last-Event-ID', async () => {
    const response = await fetch(`${server.base}/events`, {
      method: 'OPTIONS',
      headers: {
        Origin: ALLOWED_ORIGIN,
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'authorization,last-event-id',
      },
      signal: AbortSignal.timeout(5_000),
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toBe('authorization, last-event-id');
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
  });
});
