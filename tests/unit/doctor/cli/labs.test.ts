/** The doctor against the site's own failure labs, served by the real /api handler. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type TestApiServer } from '../../../helpers/api-server.ts';
import { json, runDoctor } from '../../../helpers/doctor-cli.ts';

/**
 * One API server per lab: the labs admit three streams per client address,
 * and three doctors at once, each with its reconnect, would exceed that.
 */
const servers: TestApiServer[] = [];
beforeAll(async () => {
  servers.push(...(await Promise.all([startApiServer(), startApiServer(), startApiServer()])));
});
afterAll(() => Promise.all(servers.map((server) => server.close())));
/** Each run takes the lab's 2.75 s twice (the run and its reconnect) plus Node's start, which a loaded machine slows. */
const ON_A_BUSY_MACHINE = { timeout: 45_000 };
const lab = (index: number, mode: string): string => servers[index]!.url(`/api/sse/lab/${mode}`);

describe('sse-doctor against the failure labs', () => {
  it.concurrent('lab/direct: no buffering, no compression, a clean bill (the restart on reconnect is advice)', ON_A_BUSY_MACHINE, async () => {
    const run = await runDoctor([lab(0, 'direct'), '--duration', '6s', '--json']);
    const report = json(run);
    expect(run.code, run.stderr).toBe(0);
    const verdicts = Object.fromEntries(report.checks.map((c) => [c.id, c.verdict]));
    expect(verdicts).toMatchObject({ buffering: 'pass', compression: 'pass', status: 'pass', 'content-type': 'pass' });
    expect(report.findings.find((f) => f.id === 'reconnect-restarts')?.severity).toBe('advice');
    expect(report.findings.filter((f) => f.severity === 'problem')).toEqual([]);
    // The arrival timeline: the lab's 12 stamped events and its `done`, each with its send time beside its arrival.
    const events = report.timeline.entries.filter((entry) => entry.kind === 'event');
    expect(report.timeline).toMatchObject({ total: events.length, truncated: false });
    expect(events.map((entry) => entry.seq)).toEqual([...Array.from({ length: 12 }, (_, i) => i + 1), undefined]);
    expect(events.slice(0, 12).every((entry) => entry.sentAtMs !== undefined && entry.atMs >= entry.sentAtMs)).toBe(true);
  });

  it.concurrent('lab/proxy-buffer: batches of exactly 4096 bytes name a 4 KiB proxy buffer, exit 1', ON_A_BUSY_MACHINE, async () => {
    const text = await runDoctor([lab(1, 'proxy-buffer'), '--duration', '6s']);
    expect(text.code, text.stderr).toBe(1);
    expect(text.stdout).toContain('The events arrive in batches of 4,096 bytes (2 times): a buffer of 4 KiB holds them until it is full, most likely a proxy or CDN in between.');
    const run = await runDoctor([lab(1, 'proxy-buffer'), '--duration', '6s', '--json']);
    const problems = json(run).findings.filter((f) => f.severity === 'problem');
    expect(problems).toEqual([
      expect.objectContaining({ id: 'buffer-size', layer: 'proxy', evidence: { bytes: 4096, kib: 4, bursts: 2, buffer: 'proxy' } }),
    ]);
  });

  it.concurrent('lab/gzip: compression without flushing, exit 1', ON_A_BUSY_MACHINE, async () => {
    const run = await runDoctor([lab(2, 'gzip'), '--duration', '6s', '--json']);
    expect(run.code, run.stderr).toBe(1);
    const problems = json(run).findings.filter((f) => f.severity === 'problem');
    expect(problems).toEqual([expect.objectContaining({ id: 'compressed-unflushed', layer: 'compression', evidence: expect.objectContaining({ encoding: 'gzip' }) })]);
    expect(problems[0]!.evidence['heldEvents']).toBeGreaterThanOrEqual(5);
  });
});
