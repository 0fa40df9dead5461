/**
 * The broadcast room (src/server/demos/room.ts) against a real HTTP server:
 * fan-out, history for new listeners, replay after Last-Event-ID, and every
 * refusal a client can run into.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect } from 'vitest';
import { it } from '../../../helpers/server-fixtures.ts';
import type { BroadcastBroker } from '../../../../src/server/broadcast/broker.ts';
import { MemoryBroker } from '../../../../src/server/broadcast/memory-broker.ts';
import { defaultConfig } from '../../../../src/server/config.ts';
import { createRoom, roomLimits } from '../../../../src/server/demos/room.ts';
import { OpenStreams } from '../../../../src/server/open-streams.ts';
import { type TestApiServer } from '../../../helpers/api-server.ts';
import { openEventStream, type EventStreamReader } from '../../../helpers/event-stream-reader.ts';
import { postJson } from '../../../helpers/post-json.ts';

const clients: EventStreamReader[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
});


/** Opens the room and waits until its history has been sent (the `live` event). */
async function listen(server: TestApiServer, lastEventId?: string): Promise<EventStreamReader> {
  const client = await openEventStream(server.url('/api/sse/room'), { headers: lastEventId ? { 'Last-Event-ID': lastEventId } : {} });
  clients.push(client);
  expect(client.status).toBe(200);
  await waitForEvent(client, 'live');
  return client;
}

async function waitForEvent(client: EventStreamReader, type: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!client.events.some((event) => event.type === type)) {
    if (Date.now() > deadline) throw new Error(`no "${type}" event within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The room messages a client received (type `message`), as the texts sent. */
function texts(client: EventStreamReader): string[] {
  return client.events.filter((event) => event.type === 'message').map((event) => JSON.parse(event.data).text as string);
}

/** Posts `count` messages "<prefix>1"…, spread over enough loopback addresses to stay under the per-client limit. */
async function postMany(server: TestApiServer, count: number, text: (i: number) => string = (i) => `m${i}`): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 1; i <= count; i++) {
    const from = `127.0.0.${1 + Math.floor((i - 1) / roomLimits.messagesPerClient)}`;
    const answer = await postJson(server.url('/api/room'), { name: 'tester', text: text(i) }, { from });
    expect(answer.status, answer.text).toBe(201);
    ids.push(JSON.parse(answer.text).id);
  }
  return ids;
}

describe('the broadcast room', () => {
  it('delivers every message to every open listener, in order, with an id', async ({ startApi }) => {
    const server = await startApi();
    const listeners = await Promise.all([listen(server), listen(server), listen(server)]);
    const before = performance.timeOrigin + performance.now();
    const ids = await postMany(server, 3);
    const after = performance.timeOrigin + performance.now();
    for (const listener of listeners) {
      await listener.waitForEvents(4);
      const received = listener.events.filter((event) => event.type === 'message');
      expect(received.map((event) => event.lastEventId)).toEqual(ids);
      const messages = received.map((event) => JSON.parse(event.data));
      expect(messages).toEqual([1, 2, 3].map((i) => expect.objectContaining({ name: 'tester', text: `m${i}` })));
      // `sentAt`: the server's clock at the broadcast, in epoch milliseconds with a fraction.
      for (const { sentAt } of messages) {
        expect(sentAt).toBeGreaterThanOrEqual(before);
        expect(sentAt).toBeLessThanOrEqual(after);
      }
    }
  });

  it('sends a new listener the last 50 messages first, then marks the switch to live', async ({ startApi }) => {
    const server = await startApi();
    await postMany(server, 55);
    const listener = await listen(server);
    expect(texts(listener)).toEqual(Array.from({ length: 50 }, (_, i) => `m${i + 6}`));
    const live = listener.events.at(-1)!;
    expect(live.type).toBe('live');
    expect(JSON.parse(live.data)).toEqual({ replayed: 50 });
  });

  it('sends each new listener the history as it is when that listener arrives', async ({ startApi }) => {
    const running = await startApi({ roomMessagesPerClient: 100 });
    const server = running;
    expect(texts(await listen(server))).toEqual([]);
    await postMany(server, 1);
    expect(texts(await listen(server))).toEqual(['m1']);
    await postMany(server, 49, (i) => `n${i}`);
    expect(texts(await listen(server))).toEqual(['m1', ...Array.from({ length: 49 }, (_, i) => `n${i + 1}`)]);
    // The history is full: one more message keeps its length but not its contents.
    await postMany(server, 1, () => 'last');
    expect(texts(await listen(server))).toEqual([...Array.from({ length: 49 }, (_, i) => `n${i + 1}`), 'last']);
  });

  it('replays exactly what a reconnecting listener missed after its Last-Event-ID', async ({ startApi }) => {
    const server = await startApi();
    const first = await listen(server);
    await postMany(server, 3);
    await first.waitForEvents(4);
    const lastSeen = first.lastEventId;
    first.close();

    // Posted while the listener was away: these and nothing else come back.
    await postMany(server, 4, (i) => `missed${i}`);
    const again = await listen(server, lastSeen);
    expect(again.events.map((event) => event.type)).not.toContain('reset');
    expect(texts(again)).toEqual(['missed1', 'missed2', 'missed3', 'missed4']);
    expect(JSON.parse(again.events.at(-1)!.data)).toEqual({ replayed: 4 });

    // And it stays live afterwards.
    await postJson(server.url('/api/room'), { name: 'tester', text: 'after' }, { from: '127.0.0.9' });
    await again.waitForEvents(6);
    expect(texts(again).at(-1)).toBe('after');
  });

  it('sends a listener that is up to date no history at all', async ({ startApi }) => {
    const server = await startApi();
    const first = await listen(server);
    await postMany(server, 2);
    await first.waitForEvents(3);
    const again = await listen(server, first.lastEventId);
    expect(again.events.map((event) => event.type)).toEqual(['live']);
  });

  it('starts with a reset event when the missed messages are no longer in the history', async ({ startApi }) => {
    const server = await startApi();
    const [oldest] = await postMany(server, 52);
    const listener = await listen(server, oldest);
    const [reset] = listener.events;
    expect(reset!.type).toBe('reset');
    // The reset clears the last event ID; the history that follows sets it again.
    expect(reset!.lastEventId).toBe('');
    expect(texts(listener)).toHaveLength(50);
    expect(texts(listener)[0]).toBe('m3');
  });

  it('treats an id from before the server started as too old to replay', async ({ startApi }) => {
    const server = await startApi();
    await postMany(server, 1);
    const listener = await listen(server, '1000000000000-0');
    expect(listener.events.map((event) => event.type)).toEqual(['reset', 'message', 'live']);
  });

  it('counts characters, not UTF-16 units: 280 emoji and trimmed spaces are fine', async ({ startApi }) => {
    const server = await startApi();
    const answer = await postJson(server.url('/api/room'), { name: '  Zoë  ', text: `  ${'😀'.repeat(280)}  ` });
    expect(answer.status, answer.text).toBe(201);
    const listener = await listen(server);
    const [message] = listener.events;
    expect(JSON.parse(message!.data)).toMatchObject({ name: 'Zoë', text: '😀'.repeat(280) });
  });

  it('stores names and texts in NFC and keeps an emoji joined with a zero-width joiner in a name', async ({ startApi }) => {
    const server = await startApi();
    const listener = await listen(server);
    const answer = await postJson(server.url('/api/room'), { name: '\u{1F469}\u200D\u{1F4BB} Zoe\u0301', text: 'cafe\u0301' });
    expect(answer.status, answer.text).toBe(201);
    await listener.waitForEvents(2);
    const message = JSON.parse(listener.events.at(-1)!.data);
    expect(message.name).toBe('\u{1F469}\u200D\u{1F4BB} Zo\u00e9');
    expect(message.text).toBe('caf\u00e9');
  });

  it('answers a Last-Event-ID that is not a message id with 400', async ({ startApi }) => {
    const server = await startApi();
    const response = await fetch(server.url('/api/sse/room'), { headers: { 'Last-Event-ID': '42; DROP TABLE' } });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/^Last-Event-ID .* is not a message id/);
  });
});

describe('the room refuses', () => {
  const long = (chars: number) => 'x'.repeat(chars);
  it.for<[string, unknown, RegExp]>([
    ['a name over 32 characters', { name: long(33), text: 'hi' }, /"name" is too long \(at most 32 characters\)/],
    ['a text over 280 characters', { name: 'Ada', text: long(281) }, /"text" is too long \(at most 280 characters\)/],
    ['a name that is only spaces', { name: '   ', text: 'hi' }, /"name" is empty/],
    ['a missing text', { name: 'Ada' }, /"text" is required/],
    ['a line break inside the text', { name: 'Ada', text: 'one\ntwo' }, /"text" contains a control character/],
    ['an escape sequence in the name', { name: 'Ada\u001b[31m', text: 'hi' }, /"name" contains a control character/],
    ['a lone surrogate half', { name: 'Ada', text: 'broken \ud83d' }, /"text" contains a control character/],
    ['a direction override in the name', { name: 'Ada\u202Eevil', text: 'hi' }, /"name" contains a control character or an invisible formatting character/],
    ['a zero-width space in the name', { name: 'Ada\u200B', text: 'hi' }, /"name" contains a control character or an invisible formatting character/],
    ['a byte order mark inside the name', { name: 'A\uFEFFda', text: 'hi' }, /"name" contains a control character or an invisible formatting character/],
    ['a line separator in the text', { name: 'Ada', text: 'one\u2028two' }, /"text" contains a control character or a line separator/],
    ['a paragraph separator in the text', { name: 'Ada', text: 'one\u2029two' }, /"text" contains a control character or a line separator/],
  ])('%s with 400 and a one-line reason', async ([, body, reason], { startApi }) => {
    const server = await startApi();
    const answer = await postJson(server.url('/api/room'), body);
    expect(answer.status).toBe(400);
    expect(answer.text).toMatch(reason);
    expect(answer.text.trimEnd()).not.toContain('\n');
  });

  it('a body declared in a charset other than UTF-8 with 415, naming it', async ({ startApi }) => {
    const server = await startApi();
    const post = (contentType: string) =>
      fetch(server.url('/api/room'), { method: 'POST', headers: { 'Content-Type': contentType }, body: JSON.stringify({ name: 'Ada', text: 'hi' }) });
    const utf16 = await post('application/json; charset=utf-16');
    expect(utf16.status).toBe(415);
    expect(await utf16.text()).toMatch(/^Send the body as UTF-8: .* not charset "utf-16"\.\n$/);
    expect((await post('application/json; charset="UTF-8"')).status).toBe(201);
  });

  it('to pass a refused message on to listeners', async ({ startApi }) => {
    const server = await startApi();
    const listener = await listen(server);
    await postJson(server.url('/api/room'), { name: 'Ada', text: long(281) });
    await postJson(server.url('/api/room'), { name: 'Ada', text: 'ok' });
    await listener.waitForEvents(2);
    expect(texts(listener)).toEqual(['ok']);
  });

  it('a body that is not JSON, or too large, with 400 and 413', async ({ startApi }) => {
    const server = await startApi();
    expect((await postJson(server.url('/api/room'), null, { raw: '{"name":' })).status).toBe(400);
    expect((await postJson(server.url('/api/room'), null, { raw: JSON.stringify({ name: 'A', text: long(9000) }) })).status).toBe(413);
  });

  it('from one address only as many messages as SSE_ROOM_CLIENT_RATE_LIMIT allows, and in all only SSE_ROOM_RATE_LIMIT', async ({ startApi }) => {
    const running = await startApi({ roomMessagesPerClient: 12, roomMessagesPerRoom: 15 });
    for (let i = 0; i < 12; i++) {
      expect((await postJson(running.url('/api/room'), { name: 'A', text: `${i}` })).status).toBe(201);
    }
    const refused = await postJson(running.url('/api/room'), { name: 'A', text: 'one too many' });
    expect(refused.status).toBe(429);
    expect(refused.text).toMatch(/^Too many messages: the room takes 12 per 10 s from one address;/);
    for (let i = 0; i < 3; i++) {
      expect((await postJson(running.url('/api/room'), { name: 'B', text: `${i}` }, { from: '127.0.0.2' })).status).toBe(201);
    }
    const busy = await postJson(running.url('/api/room'), { name: 'B', text: 'room full' }, { from: '127.0.0.2' });
    expect(busy.status).toBe(503);
    expect(busy.text).toMatch(/^The room is busy: it takes 15 messages per 10 s in all;/);
  });

  it('the eleventh message in ten seconds from one address with 429 and Retry-After, but not the next address', async ({ startApi }) => {
    const server = await startApi();
    for (let i = 0; i < roomLimits.messagesPerClient; i++) {
      expect((await postJson(server.url('/api/room'), { name: 'A', text: `${i}` })).status).toBe(201);
    }
    const refused = await postJson(server.url('/api/room'), { name: 'A', text: 'one too many' });
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(10);
    expect(refused.text).toMatch(/^Too many messages: the room takes 10 per 10 s from one address; try again in \d+ s\.\n$/);

    const other = await postJson(server.url('/api/room'), { name: 'B', text: 'hello' }, { from: '127.0.0.2' });
    expect(other.status).toBe(201);
  });

  it('GET on the post route and POST on the stream with 405', async ({ startApi }) => {
    const server = await startApi();
    const get = await fetch(server.url('/api/room'));
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    const post = await fetch(server.url('/api/sse/room'), { method: 'POST', body: '{}' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('the room history', () => {
  it('is bounded by bytes as well as by count', async ({ startApi }) => {
    const server = await startApi();
    // 60 messages of the longest kind: 280 four-byte characters each.
    await postMany(server, 60, (i) => `${i} ${'😀'.repeat(270)}`);
    const listener = await listen(server);
    const history = listener.events.filter((event) => event.type === 'message');
    const bytes = history.reduce((sum, event) => sum + Buffer.byteLength(event.data), 0);
    expect(bytes).toBeLessThanOrEqual(roomLimits.historyBytes);
    expect(history.length).toBeLessThan(50);
    // The newest are the ones kept, without a gap.
    const numbers = history.map((event) => Number(JSON.parse(event.data).text.split(' ')[0]));
    expect(numbers.at(-1)).toBe(60);
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => 61 - numbers.length + i));
  });
});

describe('the room with a broker whose history answers slowly (as a shared one over the network would)', () => {
  it('delivers a message posted while the history is on its way exactly once, after the history', async () => {
    const memory = new MemoryBroker({ maxMessages: roomLimits.historyMessages, maxBytes: roomLimits.historyBytes });
    let historyAsked!: () => void;
    const asked = new Promise<void>((resolve) => (historyAsked = resolve));
    let answerHistory!: () => void;
    const answered = new Promise<void>((resolve) => (answerHistory = resolve));
    const slow: BroadcastBroker = {
      publish: (data) => memory.publish(data),
      subscribe: (listener) => memory.subscribe(listener),
      onGap: () => {},
      // Reads the history at once, answers only when the test says so: what
      // is published in between is newer than this answer.
      async historySince(afterId) {
        const answer = await memory.historySince(afterId);
        historyAsked();
        await answered;
        return answer;
      },
    };
    const room = createRoom(slow);
    const streams = new OpenStreams(defaultConfig);
    const server = createServer((req, res) => {
      const demo = req.url === '/api/room' ? room.post : room.listen;
      void demo.handle({ req, res, query: new URLSearchParams(), client: '127.0.0.1', openStream: () => streams.open(res, { client: '127.0.0.1' }) });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await postJson(`${base}/api/room`, { name: 'A', text: 'before' });
      const client = await openEventStream(`${base}/api/sse/room`);
      clients.push(client);
      await asked;
      await postJson(`${base}/api/room`, { name: 'A', text: 'while replaying' }, { from: '127.0.0.2' });
      answerHistory();
      await client.waitForEvents(3);
      await postJson(`${base}/api/room`, { name: 'A', text: 'after' }, { from: '127.0.0.3' });
      await client.waitForEvents(4);
      expect(client.events.map((event) => (event.type === 'message' ? JSON.parse(event.data).text : event.type))).toEqual([
        'before',
        'while replaying',
        'live',
        'after',
      ]);
    } finally {
      streams.endAll(1000);
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('the room when its broker reports a gap (a process cut off from a shared history)', () => {
  it('ends every listening stream, so each browser reconnects with its Last-Event-ID and resumes from the history', async () => {
    const memory = new MemoryBroker({ maxMessages: roomLimits.historyMessages, maxBytes: roomLimits.historyBytes });
    let reportGap!: () => void;
    const cutOff: BroadcastBroker = {
      publish: (data) => memory.publish(data),
      subscribe: (listener) => memory.subscribe(listener),
      historySince: (afterId) => memory.historySince(afterId),
      onGap: (listener) => (reportGap = listener),
    };
    const room = createRoom(cutOff);
    const streams = new OpenStreams(defaultConfig);
    const server = createServer((req, res) => {
      void room.listen.handle({ req, res, query: new URLSearchParams(), client: '127.0.0.1', openStream: () => streams.open(res, { client: '127.0.0.1' }) });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const listeners = [await openEventStream(`${base}/api/sse/room`), await openEventStream(`${base}/api/sse/room`)];
      clients.push(...listeners);
      await Promise.all(listeners.map((listener) => listener.waitForEvents(1)));
      expect(streams.size).toBe(2);
      reportGap();
      await Promise.all(listeners.map((listener) => listener.ended));
      expect(streams.size).toBe(0);
    } finally {
      streams.endAll(1000);
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
