import { afterEach, describe, expect, it, vi } from 'vitest';
import { joinHeartbeat, leaveHeartbeat, type HeartbeatTarget } from '../../../src/server/heartbeat.ts';

function recorder(): HeartbeatTarget & { beats: string[] } {
  const beats: string[] = [];
  return { beats, writeRaw: (chunk) => beats.push(Buffer.from(chunk).toString()) > 0 };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the shared heartbeat', () => {
  it('writes the heartbeat comment to every stream of an interval from one timer, every interval', () => {
    vi.useFakeTimers();
    const a = recorder();
    const b = recorder();
    joinHeartbeat(1000, a);
    joinHeartbeat(1000, b);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(3000);
    expect(a.beats).toEqual([': heartbeat\n', ': heartbeat\n', ': heartbeat\n']);
    expect(b.beats).toEqual(a.beats);
    leaveHeartbeat(1000, a);
    leaveHeartbeat(1000, b);
  });

  it('stops writing to a stream that left, and stops its timer when the last one leaves', () => {
    vi.useFakeTimers();
    const a = recorder();
    const b = recorder();
    joinHeartbeat(2000, a);
    joinHeartbeat(2000, b);
    leaveHeartbeat(2000, a);
    vi.advanceTimersByTime(2000);
    expect(a.beats).toEqual([]);
    expect(b.beats).toHaveLength(1);
    leaveHeartbeat(2000, b);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps streams of different intervals on their own timers', () => {
    vi.useFakeTimers();
    const fast = recorder();
    const slow = recorder();
    joinHeartbeat(1500, fast);
    joinHeartbeat(5000, slow);
    vi.advanceTimersByTime(5000);
    expect(fast.beats).toHaveLength(3);
    expect(slow.beats).toHaveLength(1);
    leaveHeartbeat(1500, fast);
    leaveHeartbeat(5000, slow);
    expect(vi.getTimerCount()).toBe(0);
  });
});
