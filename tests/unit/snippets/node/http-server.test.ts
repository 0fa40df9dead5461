/**
 * Runs the Node.js page's node:http server (src/snippets/node/http-server.mjs)
 * as a reader would, and checks the progress stream the page describes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { codeWithoutComments, startSnippetServer, type SnippetServer } from '../../../helpers/snippet-server.ts';
import { readEvents } from '../../../helpers/event-stream-reader.ts';
import { routedCurl } from '../../../helpers/routed-curl.ts';
import { snippetPath } from '../../../helpers/snippets.ts';
import { EventStreamParser, type SseEvent } from '../../../../src/lib/sse/parser.ts';

const script = fileURLToPath(new URL('../../../../src/snippets/node/http-server.mjs', import.meta.url));
let server: SnippetServer;

beforeAll(async () => {
  server = await startSnippetServer(script, {});
}, 15_000);
afterAll(() => server?.stop(), 10_000);

describe('node:http progress server (src/snippets/node/http-server.mjs)', () => {
  it('streams ten progress steps with ids, then a done event, then ends the response', async () => {
    const { status, headers, events, ended } = await readEvents(`${server.base}/progress`, 100, {}, 10_000);
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(ended).toBe(true);
    expect(events.map((event) => event.type)).toEqual([...Array(10).fill('progress'), 'done']);
    expect(events.slice(0, 10).map((event) => event.lastEventId)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(JSON.parse(events[4]!.data)).toEqual({ step: 5, of: 10, percent: 50 });
    // Each step is sent when it happens, not all at the end.
    const spread = events[9]!.at - events[0]!.at;
    expect(spread).toBeGreaterThan(1_500);
  }, 15_000);

  it("the page's curl command (node/watch-progress.sh) prints the ten steps and done, then returns", async () => {
    const routed = routedCurl({ 3000: server.port }, ['-sS']);
    try {
      const { stdout } = await promisify(execFile)('/bin/sh', [snippetPath('node/watch-progress.sh')], { env: routed.env, timeout: 10_000 });
      const events: SseEvent[] = [];
      const parser = new EventStreamParser({ onEvent: (event) => events.push(event) });
      parser.feed(stdout);
      parser.end();
      expect(events.map((event) => event.type)).toEqual([...Array(10).fill('progress'), 'done']);
    } finally {
      routed.remove();
    }
  }, 15_000);

  it('resumes after the step named in Last-Event-ID', async () => {
    const { events } = await readEvents(`${server.base}/progress`, 1, { headers: { 'Last-Event-ID': '7' } });
    expect(events[0]?.lastEventId).toBe('8');
    expect(JSON.parse(events[0]!.data)).toMatchObject({ step: 8 });
  });

  it('answers 204 to a client that already saw the last step, so EventSource stops', async () => {
    const response = await fetch(`${server.base}/progress`, { headers: { 'Last-Event-ID': '10' }, signal: AbortSignal.timeout(5_000) });
    expect(response.status).toBe(204);
  });

  it('keeps serving after a client hangs up mid-stream', async () => {
    await readEvents(`${server.base}/progress`, 1);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(server.child.exitCode).toBeNull();
    const again = await readEvents(`${server.base}/progress`, 1);
    expect(again.events).toHaveLength(1);
  });

  it('answers 404 for any other path', async () => {
    const response = await fetch(`${server.base}/nope`, { signal: AbortSignal.timeout(5_000) });
    expect(response.status).toBe(404);
    await response.text();
  });

  it('sets no Connection header in any Node.js snippet', () => {
    for (const file of ['sse.mjs', 'http-server.mjs', 'express-server.mjs', 'http2-server.mjs']) {
      const code = codeWithoutComments(readFileSync(new URL(`../../../../src/snippets/node/${file}`, import.meta.url), 'utf8'));
      expect(code, file).not.toMatch(/\bconnection\b['"`]?\s*[:,]/i);
    }
  });
});
