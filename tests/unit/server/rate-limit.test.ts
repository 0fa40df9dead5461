import { describe, expect, it } from 'vitest';
import { RateLimit } from '../../../src/server/rate-limit.ts';

/** A clock the test moves by hand. */
function manualClock(): { now: () => number; advance: (ms: number) => void } {
  let time = 1_000_000;
  return { now: () => time, advance: (ms) => (time += ms) };
}

/** Milliseconds 20,000 requests of one client cost a limiter that holds `stored` clients in their window (the best of three). */
function costWith(stored: number): number {
  const limit = new RateLimit(10, 60_000, manualClock().now);
  for (let i = 0; i < stored; i++) limit.take(`stored-${i}`);
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const startedAt = performance.now();
    for (let i = 0; i < 20_000; i++) limit.take('stored-0');
    best = Math.min(best, performance.now() - startedAt);
  }
  return best;
}

describe('RateLimit', () => {
  it('counts requests per client in a fixed window and says how long to wait', () => {
    const clock = manualClock();
    const limit = new RateLimit(2, 10_000, clock.now);
    expect(limit.take('a')).toBe(0);
    expect(limit.take('a')).toBe(0);
    expect(limit.take('b')).toBe(0);
    clock.advance(4000);
    expect(limit.take('a')).toBe(6);
    clock.advance(6000);
    expect(limit.take('a')).toBe(0);
  });

  it('does the same work per request however many clients it holds', () => {
    costWith(100); // warm up the JIT
    const few = Math.max(costWith(100), 1);
    const many = costWith(5000);
    // Scanning every stored client on every request, the second took some 50 times longer.
    expect(many).toBeLessThan(10 * few);
  });

  it('forgets windows that are over, and holds at most maxClients windows', () => {
    const clock = manualClock();
    const limit = new RateLimit(1, 1000, clock.now, 500);
    for (let i = 0; i < 400; i++) limit.take(`early-${i}`);
    clock.advance(1000);
    limit.take('late');
    expect(limit.size).toBe(1);
    for (let i = 0; i < 2000; i++) limit.take(`flood-${i}`);
    expect(limit.size).toBe(500);
    // The newest clients are still counted.
    expect(limit.take('flood-1999')).toBe(1);
  });
});
