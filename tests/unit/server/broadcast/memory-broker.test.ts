import { describe, expect, it } from 'vitest';
import { compareMessageIds, isMessageId } from '../../../../src/server/broadcast/broker.ts';
import { MemoryBroker } from '../../../../src/server/broadcast/memory-broker.ts';

/** A clock the test moves by hand. */
function manualClock(start = 1_795_000_000_000) {
  let now = start;
  return { now: () => now, set: (value: number) => (now = value) };
}

describe('the in-memory broker', () => {
  it('issues increasing ids in the shape of Redis Stream ids, even when the clock stands still or goes back', async () => {
    const clock = manualClock();
    const broker = new MemoryBroker({ maxMessages: 10, maxBytes: 10_000 }, clock.now);
    const a = await broker.publish('a');
    const b = await broker.publish('b');
    clock.set(clock.now() - 5_000);
    const c = await broker.publish('c');
    clock.set(clock.now() + 10_000);
    const d = await broker.publish('d');
    expect([a.id, b.id, c.id, d.id]).toEqual(['1795000000000-0', '1795000000000-1', '1795000000000-2', '1795000005000-0']);
    expect([a, b, c, d].every((message) => isMessageId(message.id))).toBe(true);
    expect(compareMessageIds(b.id, c.id)).toBeLessThan(0);
    expect(compareMessageIds(d.id, c.id)).toBeGreaterThan(0);
  });

  it('delivers each message to every subscriber until it unsubscribes', async () => {
    const broker = new MemoryBroker({ maxMessages: 10, maxBytes: 10_000 });
    const first: string[] = [];
    const second: string[] = [];
    broker.subscribe((message) => first.push(message.data));
    const unsubscribe = broker.subscribe((message) => second.push(message.data));
    await broker.publish('one');
    unsubscribe();
    await broker.publish('two');
    expect(first).toEqual(['one', 'two']);
    expect(second).toEqual(['one']);
  });

  it('keeps at most maxMessages, dropping the oldest', async () => {
    const broker = new MemoryBroker({ maxMessages: 3, maxBytes: 10_000 });
    for (const data of ['1', '2', '3', '4', '5']) await broker.publish(data);
    expect(broker.historySize).toEqual({ messages: 3, bytes: 3 });
    const { messages, complete } = await broker.historySince(null);
    expect(messages.map((message) => message.data)).toEqual(['3', '4', '5']);
    expect(complete).toBe(true);
  });

  it('keeps at most maxBytes of UTF-8 payload, dropping the oldest', async () => {
    const broker = new MemoryBroker({ maxMessages: 100, maxBytes: 10 });
    for (const data of ['ää', 'bbb', 'cc', '€€']) await broker.publish(data);
    // 4 + 3 + 2 + 6 bytes: the first two no longer fit.
    expect(broker.historySize).toEqual({ messages: 2, bytes: 8 });
    expect((await broker.historySince(null)).messages.map((message) => message.data)).toEqual(['cc', '€€']);
  });

  it('replays after an id still in the history, and says when the history cannot fill the gap', async () => {
    const clock = manualClock();
    const broker = new MemoryBroker({ maxMessages: 3, maxBytes: 10_000 }, clock.now);
    const ids: string[] = [];
    for (const data of ['1', '2', '3', '4']) {
      clock.set(clock.now() + 1);
      ids.push((await broker.publish(data)).id);
    }
    // '1' was dropped. A reader that saw '1' missed only 2, 3, 4: complete.
    expect(await broker.historySince(ids[0]!)).toEqual({ messages: [{ id: ids[1], data: '2' }, { id: ids[2], data: '3' }, { id: ids[3], data: '4' }], complete: true });
    expect(await broker.historySince(ids[2]!)).toEqual({ messages: [{ id: ids[3], data: '4' }], complete: true });
    expect(await broker.historySince(ids[3]!)).toEqual({ messages: [], complete: true });
    // Older than the dropped '1', from before this broker existed, or never issued: incomplete, all of it.
    for (const stale of ['1794999999999-0', '1000-0', `${clock.now() + 60_000}-0`]) {
      const answer = await broker.historySince(stale);
      expect(answer.complete, stale).toBe(false);
      expect(answer.messages.map((message) => message.data)).toEqual(['2', '3', '4']);
    }
  });

  it('calls any id incomplete before the first message', async () => {
    const clock = manualClock();
    const broker = new MemoryBroker({ maxMessages: 3, maxBytes: 10_000 }, clock.now);
    expect(await broker.historySince(`${clock.now()}-0`)).toEqual({ messages: [], complete: false });
    expect(await broker.historySince(null)).toEqual({ messages: [], complete: true });
  });
});
