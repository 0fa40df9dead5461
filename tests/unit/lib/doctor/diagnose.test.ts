import { describe, expect, it } from 'vitest';
import { diagnose, isCleanBill } from '../../../../src/lib/doctor/diagnose.ts';
import { probeEvent, probePreamble } from '../../../../src/lib/doctor/probe-format.ts';
import type { CheckId, DoctorInput, Report } from '../../../../src/lib/doctor/types.ts';
import { goodHeaders, observation, resumeOf, throughBuffer, type Write } from './observation.ts';

const findingIds = (report: Report): string[] => report.findings.map((f) => f.id);
const verdict = (report: Report, id: CheckId): string | undefined => report.checks.find((c) => c.id === id)?.verdict;
const only = (report: Report, id: string) => report.findings.find((f) => f.id === id);

/** A stream done right: retry, ids, a heartbeat, events as they are sent. */
function healthyWrites(from = 1, to = 8): Write[] {
  const writes: Write[] = [{ atMs: 6, text: 'retry: 2000\n\n' }];
  for (let i = from; i <= to; i += 1) {
    writes.push({ atMs: 10 + i * 300, text: `id: ${i}\ndata: tick ${i}\n\n` });
    writes.push({ atMs: 160 + i * 300, text: ': heartbeat\n\n' });
  }
  return writes;
}

/** The failure labs' events: `{"i":n,"of":12,"sentMs":…}`, 250 ms apart. */
function labWrites(offsetMs = 8): Write[] {
  const writes: Write[] = [];
  for (let i = 1; i <= 12; i += 1) {
    const sentMs = (i - 1) * 250;
    writes.push({ atMs: offsetMs + sentMs, text: `data: {"i":${i},"of":12,"sentMs":${sentMs}}\n\n` });
  }
  writes.push({ atMs: offsetMs + 2750, text: 'event: done\ndata: {"of":12}\n\n' });
  return writes;
}

function allAt(writes: readonly Write[], atMs: number): Write[] {
  return writes.map((w) => ({ ...w, atMs }));
}

describe('diagnose: a healthy stream', () => {
  const first = observation({ writes: healthyWrites(), reason: 'duration', endAtMs: 2600 });
  const resume = resumeOf('8', { writes: [{ atMs: 20, text: 'id: 9\ndata: tick 9\n\n' }], reason: 'duration', endAtMs: 500 });
  const report = diagnose({ first, resume });

  it('gets a clean bill with no findings at all', () => {
    expect(report.findings).toEqual([]);
    expect(isCleanBill(report)).toBe(true);
  });

  it('gives every check a verdict, passed ones included', () => {
    expect(report.checks.map((c) => c.id)).toEqual([
      'status', 'content-type', 'cache-control', 'x-accel-buffering', 'connection-header', 'http-version',
      'time-to-headers', 'time-to-first-byte', 'compression', 'buffering', 'idle-cut', 'heartbeat',
      'retry', 'ids', 'resume', 'reconnect', 'format',
    ]);
    expect(verdict(report, 'resume')).toBe('pass');
    expect(report.checks.find((c) => c.id === 'heartbeat')?.evidence).toMatchObject({ heartbeatMs: 300 });
    expect(verdict(report, 'connection-header')).toBe('unknown');
  });

  it('derives the timeline of events and comments with arrival time and size', () => {
    const events = report.timeline.filter((e) => e.kind === 'event');
    expect(events).toHaveLength(8);
    expect(events[0]).toMatchObject({ atMs: 310, bytes: 'id: 1\ndata: tick 1\n\n'.length, id: '1', type: 'message' });
    expect(report.timeline.filter((e) => e.kind === 'comment')).toHaveLength(8);
  });
});

describe('diagnose: status and headers', () => {
  it('a 204 on the first request is a problem: EventSource stops before any event', () => {
    const report = diagnose({ first: observation({ status: 204, headers: [] }) });
    expect(only(report, 'status-no-content')).toMatchObject({ severity: 'problem', layer: 'server', fix: '/protocol/reconnection/#stopping-for-good' });
  });

  it('a 500 is a problem and leaves the body checks undecided', () => {
    const report = diagnose({ first: observation({ status: 500, headers: [['content-type', 'text/html']] }) });
    expect(findingIds(report)).toEqual(['status-error']);
    expect(verdict(report, 'content-type')).toBe('unknown');
  });

  it('a redirect that was followed is advice', () => {
    const first = { ...observation({ writes: healthyWrites(), reason: 'duration' }), redirects: [{ status: 301, location: 'https://example.test/sse' }] };
    const report = diagnose({ first });
    expect(only(report, 'status-redirect')).toMatchObject({ severity: 'advice', evidence: { status: 301, location: 'https://example.test/sse' } });
  });

  it('checks the Content-Type essence only, as browsers do', () => {
    for (const value of ['text/event-stream', 'Text/Event-Stream ; charset=UTF-8', 'text/event-stream;charset=latin1']) {
      const report = diagnose({ first: observation({ headers: [['content-type', value]], writes: healthyWrites() }) });
      expect(findingIds(report), value).not.toContain('content-type-wrong');
    }
    const report = diagnose({ first: observation({ headers: [['content-type', 'text/plain']], writes: healthyWrites() }) });
    expect(only(report, 'content-type-wrong')).toMatchObject({ severity: 'problem', evidence: { contentType: 'text/plain' } });
  });

  it('advises Cache-Control: no-cache and X-Accel-Buffering: no when missing', () => {
    const report = diagnose({ first: observation({ headers: [['content-type', 'text/event-stream']], writes: healthyWrites(), reason: 'duration' }) });
    expect(findingIds(report)).toEqual(expect.arrayContaining(['cache-control-missing', 'x-accel-buffering-missing']));
    expect(isCleanBill(report)).toBe(true);
  });

  it('a Connection header on HTTP/2 is a problem', () => {
    const headers = [...goodHeaders, ['connection', 'keep-alive'] as const];
    const report = diagnose({ first: observation({ httpVersion: '2', headers, writes: healthyWrites() }) });
    expect(only(report, 'connection-header-on-http2')).toMatchObject({ severity: 'problem', evidence: { value: 'keep-alive' } });
    const h1 = diagnose({ first: observation({ httpVersion: '1.1', headers, writes: healthyWrites() }) });
    expect(findingIds(h1)).not.toContain('connection-header-on-http2');
  });

  it('HTTP/2 refused as malformed: the HTTP/1.1 retry names the connection-specific header', () => {
    const headers = [...goodHeaders, ['connection', 'keep-alive'] as const];
    const first = { ...observation({ url: 'https://example.test/', headers, writes: healthyWrites() }), http2Error: 'NGHTTP2_PROTOCOL_ERROR' };
    const report = diagnose({ first });
    expect(only(report, 'connection-header-on-http2')).toMatchObject({ severity: 'problem', evidence: { value: 'connection: keep-alive' } });
    // Its HTTP/1.1 is the retry's, not the server's choice.
    expect(findingIds(report)).not.toContain('http1-over-tls');
    const unnamed = diagnose({ first: { ...first, headers: goodHeaders } });
    expect(only(unnamed, 'http2-refused')).toMatchObject({ severity: 'problem', evidence: { message: 'NGHTTP2_PROTOCOL_ERROR' } });
  });

  it('HTTP/1.1 over TLS is advice (six streams per origin); over plain http it is all browsers can do', () => {
    const tls = diagnose({ first: observation({ url: 'https://example.test/', writes: healthyWrites() }) });
    expect(only(tls, 'http1-over-tls')?.severity).toBe('advice');
    const plain = diagnose({ first: observation({ url: 'http://example.test/', writes: healthyWrites() }) });
    expect(verdict(plain, 'http-version')).toBe('pass');
  });
});

describe('diagnose: buffering and compression against the failure labs', () => {
  it('lab/direct: no buffering, no compression; a restart on reconnect is only advice', () => {
    const first = observation({ headers: goodHeaders, writes: labWrites() });
    // The same events again, sent a fraction of a millisecond later.
    const again = labWrites().map((w) => ({ ...w, text: (w.text as string).replace(/"sentMs":(\d+)/, '"sentMs":$1.3') }));
    const resume = resumeOf('', { writes: again, endAtMs: 2800 });
    const report = diagnose({ first, resume });
    expect(verdict(report, 'buffering')).toBe('pass');
    expect(verdict(report, 'compression')).toBe('pass');
    expect(only(report, 'reconnect-restarts')?.severity).toBe('advice');
    expect(isCleanBill(report)).toBe(true);
    const sent = report.timeline.filter((e) => e.kind === 'event' && e.seq !== undefined).map((e) => e.sentAtMs);
    expect(sent.slice(0, 3)).toEqual([8, 258, 508]);
  });

  it('lab/proxy-buffer: everything at the end is a problem in a proxy buffer', () => {
    const report = diagnose({ first: observation({ writes: allAt(labWrites(), 2760) }) });
    const found = only(report, 'all-at-end');
    expect(found).toMatchObject({ severity: 'problem', layer: 'proxy', evidence: { events: 13 } });
    expect(found?.evidence.durationMs).toBe(2761);
    expect(report.checks.find((c) => c.id === 'buffering')?.evidence.maxDelayMs).toBeGreaterThanOrEqual(2700);
    expect(isCleanBill(report)).toBe(false);
  });

  it('lab/gzip: compression that never flushes is one problem, named compression', () => {
    const headers = [...goodHeaders, ['content-encoding', 'gzip'] as const];
    const report = diagnose({ first: observation({ headers, writes: allAt(labWrites(), 2760) }) });
    expect(only(report, 'compressed-unflushed')).toMatchObject({ severity: 'problem', layer: 'compression', fix: '/infrastructure/buffering-and-compression/#compression-and-event-streams' });
    expect(findingIds(report)).not.toContain('all-at-end');
    expect(report.checks.find((c) => c.id === 'buffering')).toMatchObject({ verdict: 'problem', findings: ['compressed-unflushed'] });
  });

  it('compression that flushes per event is advice only', () => {
    const headers = [...goodHeaders, ['content-encoding', 'br'] as const];
    const report = diagnose({ first: observation({ headers, writes: labWrites() }) });
    expect(only(report, 'compressed')?.severity).toBe('advice');
  });

  it('gzip or zstd bytes without a Content-Encoding header: the Header unset trap', () => {
    const gzip = new Uint8Array([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3, 0x4b, 0x49]);
    const zstd = new Uint8Array([0x28, 0xb5, 0x2f, 0xfd, 0x04, 0x58, 0x61, 0]);
    for (const [bytes, format] of [[gzip, 'gzip'], [zstd, 'zstd']] as const) {
      const report = diagnose({ first: observation({ writes: [{ atMs: 10, text: bytes }] }) });
      expect(only(report, 'compressed-without-header')).toMatchObject({ severity: 'problem', evidence: { format } });
      expect(findingIds(report)).not.toContain('empty-stream');
    }
    const text = diagnose({ first: observation({ writes: healthyWrites() }) });
    expect(findingIds(text)).not.toContain('compressed-without-header');
  });
});

describe('diagnose: buffer sizes from probe events', () => {
  function probeWrites(count: number): Write[] {
    const writes: Write[] = [{ atMs: 5, text: probePreamble }];
    const epoch = 1_800_000_000_000;
    for (let seq = 1; seq <= count; seq += 1) writes.push({ atMs: 5 + seq * 250, text: probeEvent(seq, epoch + seq * 250) });
    return writes;
  }

  it('probe events have the sizes of the format', () => {
    expect([1, 2, 3, 4].map((seq) => new TextEncoder().encode(probeEvent(seq, 1_800_000_000_000)).byteLength)).toEqual([300, 700, 1100, 300]);
  });

  it('a probe straight through: exact delays of zero, no finding', () => {
    const report = diagnose({ first: observation({ writes: probeWrites(20) }) });
    expect(report.checks.find((c) => c.id === 'buffering')?.evidence).toMatchObject({ stamped: 1, heldEvents: 0, maxDelayMs: 0 });
    expect(isCleanBill(report)).toBe(true);
  });

  it('blocks of exactly 4 KiB: a proxy buffer, named nginx proxy_buffering when nginx answers', () => {
    const writes = throughBuffer(probeWrites(40), 4096, 10_010);
    const bare = diagnose({ first: observation({ writes }) });
    expect(only(bare, 'buffer-size')).toMatchObject({ severity: 'problem', layer: 'proxy', evidence: { bytes: 4096, kib: 4 } });
    const nginx = diagnose({ first: observation({ headers: [...goodHeaders, ['server', 'nginx/1.26']], writes }) });
    expect(only(nginx, 'buffer-size')).toMatchObject({ layer: 'nginx', evidence: { buffer: 'proxy_buffering' }, fix: '/infrastructure/nginx/#the-plain-reverse-proxy' });
    const fastcgi = diagnose({ first: observation({ headers: [...goodHeaders, ['server', 'nginx'], ['x-powered-by', 'PHP/8.4']], writes }) });
    expect(only(fastcgi, 'buffer-size')).toMatchObject({ layer: 'nginx', evidence: { buffer: 'fastcgi_buffering' } });
  });

  it('blocks of 8 KiB from Apache: mod_proxy_fcgi without flushpackets', () => {
    const writes = throughBuffer(probeWrites(40), 8192, 10_010);
    const report = diagnose({ first: observation({ headers: [...goodHeaders, ['server', 'Apache/2.4.62 (Debian)']], writes }) });
    expect(only(report, 'buffer-size')).toMatchObject({ layer: 'apache', evidence: { bytes: 8192 }, fix: '/infrastructure/apache-php-fpm/#a-flushing-worker-for-the-streams-only' });
  });

  it('a whole buffer once past 4096 bytes: PHP output_buffering', () => {
    const writes = throughBuffer(probeWrites(40), 4096, 10_010, true);
    const report = diagnose({ first: observation({ writes }) });
    expect(only(report, 'buffer-size')).toMatchObject({ layer: 'php', evidence: { bytes: 4096, buffer: 'output_buffering-4096' } });
  });

  it('large events that each arrive on their own are not a buffer', () => {
    const writes: Write[] = [];
    for (let i = 1; i <= 6; i += 1) writes.push({ atMs: i * 300, text: `data: ${'y'.repeat(4089)}\n\n` });
    const report = diagnose({ first: observation({ writes }) });
    expect(findingIds(report)).not.toContain('buffer-size');
  });

  it('headers held back with every event until the end: one finding, all at the end, PHP named by the script', () => {
    const writes = [1, 2, 3, 4, 5].map((i) => ({ atMs: 4012, text: `id: ${i}\ndata: {"tick":${i}}\n\n` }));
    const headers = [...goodHeaders, ['server', 'nginx/1.22.1'] as const];
    const report = diagnose({ first: observation({ url: 'http://example.test/events.php', headers, headersAtMs: 4010, writes }) });
    expect(report.findings.filter((f) => f.severity === 'problem').map((f) => f.id)).toEqual(['all-at-end']);
    expect(only(report, 'all-at-end')).toMatchObject({ layer: 'nginx', evidence: { buffer: 'fastcgi_buffering-or-php' }, fix: '/infrastructure/nginx/#the-usual-php-location' });
  });

  it('headers held back until the first batch are a problem of the same buffer', () => {
    const writes = throughBuffer(probeWrites(40), 4096, 10_010, true);
    const report = diagnose({ first: observation({ headersAtMs: writes[0]!.atMs - 2, writes }) });
    expect(only(report, 'headers-held')).toMatchObject({ severity: 'problem', layer: 'php' });
  });
});

describe('diagnose: the PHP probe reports PHP\'s own buffer apart', () => {
  function probeWrites(count: number): Write[] {
    const writes: Write[] = [{ atMs: 5, text: probePreamble }];
    const epoch = 1_800_000_000_000;
    for (let seq = 1; seq <= count; seq += 1) writes.push({ atMs: 5 + seq * 250, text: probeEvent(seq, epoch + seq * 250) });
    return writes;
  }
  const problems = (report: Report) => report.findings.filter((f) => f.severity === 'problem');
  const probe = (server: string, phpBuffer: string) => [...goodHeaders, ['server', server], ['x-probe-php-output-buffer', phpBuffer]] as const;
  const url = 'http://example.test/sse/probe.php';

  it('PHP had a buffer open, the stream came through on time: PHP alone named, with the setting', () => {
    for (const [reported, setting] of [['4096', '4096'], ['unlimited', 'unlimited']]) {
      const report = diagnose({ first: observation({ url, headers: probe('nginx/1.22.1', reported!), writes: probeWrites(20) }) });
      expect(problems(report), reported).toEqual([
        { id: 'php-output-buffer', severity: 'problem', layer: 'php', evidence: { outputBuffering: setting }, fix: '/servers/php/#switch-the-buffers-off-where-php-reads-them' },
      ]);
      expect(verdict(report, 'buffering')).toBe('problem');
    }
  });

  it('no PHP buffer: nginx\'s FastCGI buffer named exactly, not "or PHP"', () => {
    // nginx's FastCGI buffer also holds the records' headers, so its batches fall a little short of 4 KiB: no size to read.
    const writes = throughBuffer(probeWrites(40), 4024, 10_010);
    const report = diagnose({ first: observation({ url, headers: probe('nginx/1.22.1', 'none'), writes }) });
    expect(problems(report).map((f) => [f.id, f.layer, f.evidence['buffer']])).toEqual([['buffered-batches', 'nginx', 'fastcgi_buffering']]);
  });

  it('no PHP buffer: batches just past 4 KiB through Apache are mod_proxy_fcgi without flushpackets', () => {
    const writes = throughBuffer(probeWrites(40), 4096, 10_010, true);
    const report = diagnose({ first: observation({ url, headers: probe('Apache/2.4.71 (Debian)', 'none'), writes }) });
    expect(problems(report).map((f) => [f.id, f.layer, f.evidence['buffer']])).toEqual([['buffer-size', 'apache', 'flushpackets']]);
    // Without the probe's report, Apache's batches look exactly like PHP's 4096-byte buffer: both named.
    const unreported = diagnose({ first: observation({ url, headers: [...goodHeaders, ['server', 'Apache/2.4.71 (Debian)']], writes }) });
    expect(only(unreported, 'buffer-size')).toMatchObject({ layer: 'apache', evidence: { buffer: 'flushpackets-or-php' } });
  });

  it('a header value it does not know is no report', () => {
    const report = diagnose({ first: observation({ url, headers: probe('nginx', '4k'), writes: probeWrites(20) }) });
    expect(findingIds(report)).not.toContain('php-output-buffer');
  });
});

describe('diagnose: a stream at the byte cap', () => {
  it('150,000 stamped events in 1200 bursts are diagnosed in linear time', () => {
    const perChunk = 125;
    const writes: Write[] = [];
    for (let chunk = 0; chunk < 1200; chunk += 1) {
      let text = '';
      for (let i = 0; i < perChunk; i += 1) {
        const seq = chunk * perChunk + i + 1;
        text += `data: {"seq":${seq},"sentAt":${chunk * 50}}\n\n`;
      }
      writes.push({ atMs: 10 + chunk * 50, text });
    }
    const started = performance.now();
    const report = diagnose({ first: observation({ writes, reason: 'size-limit' }) });
    expect(report.checks.find((c) => c.id === 'buffering')?.evidence).toMatchObject({ events: 150_000, stamped: 1, heldEvents: 0 });
    // Seconds, not minutes: generous for a loaded machine, far below what a quadratic pass takes.
    expect(performance.now() - started).toBeLessThan(8000);
  });
});

describe('diagnose: buffering without send stamps', () => {
  it('batches of several events, bursts apart, are advice (the probe can tell for sure)', () => {
    const writes: Write[] = [];
    for (let batch = 0; batch < 3; batch += 1) {
      writes.push({ atMs: 1000 + batch * 1000, text: Array.from({ length: 4 }, (_, i) => `data: ${batch * 4 + i}\n\n`).join('') });
    }
    const report = diagnose({ first: observation({ writes, reason: 'duration', endAtMs: 3500 }) });
    expect(only(report, 'batches-suspected')?.severity).toBe('advice');
  });

  it('an empty stream is advice to run longer or use the probe', () => {
    const report = diagnose({ first: observation({ writes: [], reason: 'duration', endAtMs: 3000 }) });
    expect(only(report, 'empty-stream')?.severity).toBe('advice');
  });
});

describe('diagnose: idle cut and heartbeat', () => {
  it('a close after 60 s of silence with no heartbeat is an idle cut', () => {
    const writes = [{ atMs: 10, text: 'data: hello\n\n' }];
    const report = diagnose({ first: observation({ writes, endAtMs: 60_020 }) });
    expect(only(report, 'idle-cut')).toMatchObject({ severity: 'problem', layer: 'proxy', fix: '/troubleshooting/symptoms/#the-stream-dies-every-60-seconds' });
    expect(only(report, 'idle-cut')?.evidence.silenceMs).toBe(60_010);
    const nginx = diagnose({ first: observation({ headers: [...goodHeaders, ['server', 'nginx']], writes, endAtMs: 60_020 }) });
    expect(only(nginx, 'idle-cut')).toMatchObject({ layer: 'nginx', fix: '/infrastructure/nginx/#a-read-timeout-shorter-than-the-silence' });
  });

  it('a cut in a stream that sends heartbeats: the timeout is shorter than the heartbeat interval', () => {
    // Events reset the proxy's timer; the heartbeat every 40 s never gets its turn before the 30 s cut.
    const writes = [
      { atMs: 10, text: ': hb\n\n' },
      { atMs: 2000, text: 'data: a\n\n' },
      { atMs: 4000, text: 'data: b\n\n' },
    ];
    const cut = diagnose({ first: observation({ writes, endAtMs: 34_000 }) });
    expect(only(cut, 'idle-cut-despite-heartbeat')).toMatchObject({ severity: 'problem', evidence: { silenceMs: 30_000 } });
    expect(findingIds(cut)).not.toContain('idle-cut');
    // The server ending its stream right after its last event is no cut.
    expect(verdict(diagnose({ first: observation({ writes, endAtMs: 4010 }) }), 'idle-cut')).toBe('pass');
  });

  it('a stream the doctor stopped was not cut, however quiet', () => {
    const report = diagnose({ first: observation({ writes: [{ atMs: 10, text: 'data: x\n\n' }], reason: 'duration', endAtMs: 75_000 }) });
    expect(verdict(report, 'idle-cut')).toBe('pass');
    expect(only(report, 'no-heartbeat')).toMatchObject({ severity: 'advice', evidence: { silenceMs: 74_990 } });
  });

  it('events every second with no heartbeat: whether there is one cannot be told', () => {
    const report = diagnose({ first: observation({ writes: labWrites(), reason: 'duration' }) });
    expect(verdict(report, 'heartbeat')).toBe('unknown');
  });
});

describe('diagnose: retry, ids, resume and reconnect', () => {
  const closedFirst = observation({ writes: healthyWrites(1, 4) });

  it('no ids and no retry are advice, not problems', () => {
    const report = diagnose({ first: observation({ writes: [{ atMs: 10, text: 'data: a\n\n' }, { atMs: 300, text: 'data: b\n\n' }], reason: 'duration' }) });
    expect(report.findings.map((f) => [f.id, f.severity])).toEqual([['no-retry', 'advice'], ['no-ids', 'advice']]);
    expect(isCleanBill(report)).toBe(true);
  });

  it('a server that resumes after Last-Event-ID passes', () => {
    const resume = resumeOf('4', { writes: [{ atMs: 10, text: 'id: 5\ndata: tick 5\n\n' }] });
    expect(verdict(diagnose({ first: closedFirst, resume }), 'resume')).toBe('pass');
  });

  it('a server that ignores Last-Event-ID and starts over is a problem', () => {
    const input: DoctorInput = { first: closedFirst, resume: resumeOf('4', { writes: healthyWrites(1, 4) }) };
    expect(only(diagnose(input), 'resume-ignored')).toMatchObject({ severity: 'problem', evidence: { lastEventId: '4', nextId: '1' } });
  });

  it('204 to the reconnect: a clean stop', () => {
    const report = diagnose({ first: closedFirst, resume: resumeOf('4', { status: 204, headers: [] }) });
    expect(report.checks.find((c) => c.id === 'reconnect')).toMatchObject({ verdict: 'pass', evidence: { outcome: 'stop' } });
    expect(report.findings).toEqual([]);
  });

  it('an error to the reconnect is a problem: EventSource gives up', () => {
    const report = diagnose({ first: closedFirst, resume: resumeOf('4', { status: 503, headers: [] }) });
    expect(only(report, 'reconnect-error')).toMatchObject({ severity: 'problem', evidence: { status: 503 } });
  });

  it('200 from the start again after the server closed a stream without ids: the restart loop', () => {
    const writes = [{ atMs: 10, text: 'data: a\n\n' }, { atMs: 300, text: 'data: b\n\n' }];
    const report = diagnose({ first: observation({ writes }), resume: resumeOf('', { writes }) });
    expect(only(report, 'reconnect-restarts')?.severity).toBe('advice');
  });
});

describe('diagnose: the bytes, as the parser traces them', () => {
  it('a BOM and CR line ends are advice', () => {
    const report = diagnose({ first: observation({ writes: [{ atMs: 10, text: '\uFEFFdata: a\r\r' }], reason: 'duration' }) });
    expect(findingIds(report)).toEqual(expect.arrayContaining(['format-bom', 'format-line-ends']));
    expect(report.checks.find((c) => c.id === 'format')?.evidence).toMatchObject({ CR: 2, LF: 0 });
  });

  it('an unterminated last event is a problem when the server ended the stream, not when the doctor stopped', () => {
    const writes = [{ atMs: 10, text: 'data: a\n\ndata: lost\n' }];
    expect(only(diagnose({ first: observation({ writes }) }), 'format-unterminated')?.severity).toBe('problem');
    expect(findingIds(diagnose({ first: observation({ writes, reason: 'duration' }) }))).not.toContain('format-unterminated');
  });

  it('fields the browser ignores are listed', () => {
    const writes = [{ atMs: 10, text: 'Data: a\nretry: soon\ndata: b\n\n' }];
    const report = diagnose({ first: observation({ writes, reason: 'duration' }) });
    expect(only(report, 'format-ignored-fields')).toMatchObject({ severity: 'advice', evidence: { fields: 'Data, retry' } });
  });
});

describe('diagnose: sizes in bytes', () => {
  it('counts an event in UTF-8 bytes, not in characters', () => {
    const text = 'data: Grüße 😀\n\n';
    const report = diagnose({ first: observation({ writes: [{ atMs: 10, text }], reason: 'duration' }) });
    expect(report.timeline[0]).toMatchObject({ kind: 'event', bytes: new TextEncoder().encode(text).byteLength });
  });
});
