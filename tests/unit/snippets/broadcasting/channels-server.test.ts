/**
 * Runs the broadcasting guide's channels server
 * (src/snippets/broadcasting/channels-server.mjs) as a reader would, with
 * `node channels-server.mjs`, and checks what the guide says: an event for a
 * user reaches all of that user's streams and nobody else's, an event for a
 * topic reaches its subscribers, a closed stream leaves its channels, the
 * heartbeat is an event a page can see, and bad input gets a 4xx.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openEventStream, type EventStreamReader } from '../../../helpers/event-stream-reader.ts';
import { startSnippetServer, type SnippetServer } from '../../../helpers/snippet-server.ts';
import { snippetPath } from '../../../helpers/snippets.ts';
import { waitFor } from '../../../helpers/wait-for.ts';

const HEARTBEAT_MS = 300;
let server: SnippetServer;
const open: EventStreamReader[] = [];

beforeAll(async () => {
  server = await startSnippetServer(snippetPath('broadcasting/channels-server.mjs'), { HEARTBEAT_MS: String(HEARTBEAT_MS) });
}, 15_000);
afterAll(() => server.stop());
afterEach(() => {
  for (const stream of open.splice(0)) stream.close();
});

async function listen(query: string): Promise<EventStreamReader> {
  const stream = await openEventStream(`${server.base}/events?${query}`);
  open.push(stream);
  return stream;
}

/** Sends `text` to `/users/<id>` or `/topics/<name>`; the server answers how many streams it reached. */
async function send(path: string, text: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`${server.base}${path}`, { method: 'POST', body: text });
  return { status: response.status, body: (await response.text()).trim() };
}

const texts = (stream: EventStreamReader) =>
  stream.events.filter((event) => event.type === 'message').map((event) => JSON.parse(event.data).text as string);

/** Time for the server to write to its streams, and for a closed stream's 'close' to reach it. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

describe('the channels server (channels-server.mjs)', () => {
  it('sends a user\'s event to each of that user\'s streams and to nobody else', async () => {
    const tabOne = await listen('user=ada');
    const tabTwo = await listen('user=ada&topic=builds');
    const other = await listen('user=grace&topic=builds');
    await settle();
    expect(await send('/users/ada', 'Your export is ready')).toEqual({ status: 200, body: '2' });
    await waitFor(() => texts(tabOne).length === 1 && texts(tabTwo).length === 1, 5000, 'the event in both of ada\'s tabs');
    expect(texts(tabOne)).toEqual(['Your export is ready']);
    expect(texts(tabTwo)).toEqual(['Your export is ready']);
    await settle();
    expect(texts(other)).toEqual([]);
  });

  it('sends a topic\'s event to its subscribers, whoever they are, and not to others', async () => {
    const ada = await listen('user=ada&topic=builds&topic=deploys');
    const grace = await listen('user=grace&topic=builds');
    const linus = await listen('user=linus&topic=deploys');
    await settle();
    expect(await send('/topics/builds', 'Build 412 passed')).toEqual({ status: 200, body: '2' });
    await waitFor(() => texts(ada).length === 1 && texts(grace).length === 1, 5000, 'the event for both subscribers');
    expect(texts(grace)).toEqual(['Build 412 passed']);
    await settle();
    expect(texts(linus)).toEqual([]);
    // A topic the stream named twice still gets each event once.
    const twice = await listen('user=alan&topic=deploys&topic=deploys');
    await settle();
    expect(await send('/topics/deploys', 'Deployed')).toEqual({ status: 200, body: '3' });
    await waitFor(() => texts(twice).length > 0, 5000, 'the deploy event');
    await settle();
    expect(texts(twice)).toEqual(['Deployed']);
  });

  it('keeps a line break inside one event', async () => {
    const ada = await listen('user=ada');
    await settle();
    await send('/users/ada', 'two\nlines');
    await waitFor(() => texts(ada).length === 1, 5000, 'the event');
    expect(texts(ada)).toEqual(['two\nlines']);
  });

  it('takes a closed stream out of every channel it was in', async () => {
    const first = await listen('user=ada&topic=builds');
    const second = await listen('user=ada&topic=builds');
    await settle();
    first.close();
    await settle();
    expect(await send('/users/ada', 'one left')).toEqual({ status: 200, body: '1' });
    expect(await send('/topics/builds', 'one left')).toEqual({ status: 200, body: '1' });
    second.close();
    await settle();
    expect(await send('/users/ada', 'nobody')).toEqual({ status: 200, body: '0' });
    expect(await send('/topics/builds', 'nobody')).toEqual({ status: 200, body: '0' });
  });

  it('sends its heartbeat as a `ping` event, which EventSource dispatches, once per stream', async () => {
    const ada = await listen('user=ada&topic=builds&topic=deploys');
    await waitFor(() => ada.events.length >= 2, 5000, 'two heartbeats');
    const started = performance.now();
    await waitFor(() => ada.events.length >= 4, 5000, 'four heartbeats');
    expect(ada.events.map((event) => [event.type, event.data])).toEqual(Array(ada.events.length).fill(['ping', '']));
    // Once per interval, not once per channel the stream is in.
    expect(performance.now() - started).toBeGreaterThanOrEqual(HEARTBEAT_MS * 1.5);
  });

  it('refuses bad names, too many topics, empty and oversized messages with a 4xx', async () => {
    const status = async (path: string, init?: RequestInit) => (await fetch(`${server.base}${path}`, init)).status;
    expect(await status('/events')).toBe(400);
    expect(await status('/events?user=a%20b')).toBe(400);
    expect(await status(`/events?user=ada&${Array.from({ length: 21 }, (_, i) => `topic=t${i}`).join('&')}`)).toBe(400);
    expect((await send('/users/a%2Fb', 'x')).status).toBe(400);
    expect((await send('/users/ada/extra', 'x')).status).toBe(404);
    expect((await send('/users/ada', '   ')).status).toBe(400);
    expect((await send('/users/ada', 'x'.repeat(2000))).status).toBe(413);
    expect(await status('/users/ada')).toBe(404);
  });
});
