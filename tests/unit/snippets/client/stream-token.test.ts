/**
 * The authentication page's stream-token client
 * (src/snippets/client/stream-token.mjs) with a stand-in fetch and
 * EventSource: how long it waits between failed attempts, and that stop()
 * holds while a token request is still on its way. The browser run against
 * the Express server is in tests/e2e/client-snippets.spec.ts.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openTokenStream } from '../../../../src/snippets/client/stream-token.mjs';

class FakeEventSource extends EventTarget {
  static created: FakeEventSource[] = [];
  closed = false;
  readonly url: URL;
  constructor(url: URL) {
    super();
    this.url = url;
    FakeEventSource.created.push(this);
  }
  close() {
    this.closed = true;
  }
}

type TokenAnswer = { resolve: (response: Response) => void; reject: (error: Error) => void; signal: AbortSignal | null | undefined };
let tokenRequests: TokenAnswer[];

beforeEach(() => {
  vi.useFakeTimers();
  FakeEventSource.created = [];
  tokenRequests = [];
  vi.stubGlobal('EventSource', FakeEventSource);
  vi.stubGlobal(
    'fetch',
    (_url: URL, init: RequestInit) =>
      new Promise<Response>((resolve, reject) => {
        init.signal?.addEventListener('abort', () => reject(init.signal!.reason));
        tokenRequests.push({ resolve, reject, signal: init.signal });
      }),
  );
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const tokenResponse = () => Response.json({ token: 't' });
const open = () => openTokenStream('https://api.example', async () => 'access', () => {});

describe('stream-token.mjs', () => {
  it('opens no EventSource when stop() was called while the token request was on its way', async () => {
    const stop = open();
    await vi.waitFor(() => expect(tokenRequests).toHaveLength(1));
    stop();
    expect(tokenRequests[0]!.signal?.aborted).toBe(true);
    tokenRequests[0]!.resolve(tokenResponse()); // an answer that raced the abort
    await vi.advanceTimersByTimeAsync(120_000);
    expect(FakeEventSource.created).toEqual([]);
    expect(tokenRequests).toHaveLength(1);
  });

  it('waits longer after each failure in a row, at random within the upper half, up to 60 s', async () => {
    const delays: number[] = [];
    const realSetTimeout = globalThis.setTimeout;
    vi.spyOn(globalThis, 'setTimeout').mockImplementation(((handler: () => void, ms?: number) => {
      delays.push(ms ?? 0);
      return realSetTimeout(handler, ms);
    }) as typeof setTimeout);
    const random = vi.spyOn(Math, 'random');
    const stop = open();
    for (let attempt = 1; attempt <= 9; attempt += 1) {
      random.mockReturnValueOnce(attempt % 2 ? 0 : 0.999);
      await vi.waitFor(() => expect(tokenRequests).toHaveLength(attempt));
      tokenRequests[attempt - 1]!.resolve(new Response('down', { status: 503 }));
      await vi.waitFor(() => expect(delays).toHaveLength(attempt));
      await vi.advanceTimersByTimeAsync(delays[attempt - 1]!);
    }
    stop();
    const ceilings = [1, 2, 4, 8, 16, 32, 60, 60, 60].map((s) => s * 1_000);
    expect(delays.map((ms, i) => ms / ceilings[i]!)).toEqual(
      ceilings.map((_, i) => (i % 2 ? expect.closeTo(1, 2) : 0.5)),
    );
  });

  it('starts counting again once a stream has opened', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.999);
    const stop = open();
    await vi.waitFor(() => expect(tokenRequests).toHaveLength(1));
    tokenRequests[0]!.resolve(new Response('down', { status: 503 })); // one failure: next wait up to 1 s
    await vi.advanceTimersByTimeAsync(1_000);
    await vi.waitFor(() => expect(tokenRequests).toHaveLength(2));
    tokenRequests[1]!.resolve(tokenResponse());
    await vi.waitFor(() => expect(FakeEventSource.created).toHaveLength(1));
    const source = FakeEventSource.created[0]!;
    source.dispatchEvent(new Event('open'));
    source.dispatchEvent(new Event('error'));
    expect(source.closed).toBe(true);
    // Counted from zero again: the first step's 1 s, not the second's 2 s.
    await vi.advanceTimersByTimeAsync(1_000);
    expect(tokenRequests).toHaveLength(3);
    stop();
  });
});
