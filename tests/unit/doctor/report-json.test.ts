import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/lib/doctor/diagnose.ts';
import { probeEvent } from '../../../src/lib/doctor/probe-format.ts';
import { reportJson, TIMELINE_CAP } from '../../../src/doctor/report-json.ts';
import { observation, type Write } from '../lib/doctor/observation.ts';

/** `count` probe events 10 ms apart (sent 2 ms before they arrive) with a heartbeat after every tenth. */
function stream(count: number): Write[] {
  const writes: Write[] = [];
  for (let seq = 1; seq <= count; seq += 1) {
    writes.push({ atMs: 20.4 + seq * 10, text: probeEvent(seq, 1_800_000_000_000 + seq * 10) });
    if (seq % 10 === 0) writes.push({ atMs: 25 + seq * 10, text: ': heartbeat\n\n' });
  }
  return writes;
}

describe('the --json report', () => {
  it('carries the arrival timeline: each event and comment with its time, size, id and send time', () => {
    const report = diagnose({ first: observation({ writes: stream(12) }) });
    const { timeline, findings, checks, url } = reportJson(report);
    expect({ url, findings, checks }).toEqual({ url: report.url, findings: report.findings, checks: report.checks });
    expect(timeline).toMatchObject({ total: 13, truncated: false, cap: TIMELINE_CAP });
    expect(timeline.entries).toHaveLength(13);
    expect(timeline.entries[0]).toEqual({ kind: 'event', atMs: 30, bytes: 300, type: 'probe', id: '1', seq: 1, sentAtMs: 30 });
    expect(timeline.entries[10]).toEqual({ kind: 'comment', atMs: 125, bytes: ': heartbeat\n'.length });
  });

  it('keeps the first entries of a long run and says how many there were', () => {
    const report = diagnose({ first: observation({ writes: stream(3000), reason: 'duration' }) });
    expect(report.timeline).toHaveLength(3300);
    const { timeline } = reportJson(report);
    expect(timeline).toMatchObject({ total: 3300, truncated: true, cap: TIMELINE_CAP });
    expect(timeline.entries).toHaveLength(TIMELINE_CAP);
    expect(timeline.entries.at(-1)!.atMs).toBeLessThan(report.timeline[TIMELINE_CAP]!.atMs);
    // Bounded output: a 75 s run of any stream prints at most the cap's worth of timeline.
    expect(JSON.stringify(timeline).length).toBeLessThan(200 * TIMELINE_CAP);
  });
});
