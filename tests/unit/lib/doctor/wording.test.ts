import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkDetail, findingText, formatValue, layerName } from '../../../../src/lib/doctor/wording.ts';
import { reportText } from '../../../../src/doctor/report-text.ts';
import { layers, type CheckResult, type Finding, type Report } from '../../../../src/lib/doctor/types.ts';

const strings = (lang: string): Record<string, string> => JSON.parse(readFileSync(`content/i18n/${lang}.json`, 'utf8'));
const checksDir = new URL('../../../../src/lib/doctor/checks/', import.meta.url);
const emitted = [
  ...new Set(readdirSync(checksDir).flatMap((file) => [...readFileSync(new URL(file, checksDir), 'utf8').matchAll(/finding\('([a-z0-9-]+)'/g)].map((m) => m[1]!))),
];

describe('the doctor in words', () => {
  it('every finding the checks emit has a text in both languages, and no text is left over', () => {
    expect(emitted.length).toBeGreaterThan(25);
    for (const lang of ['en', 'de']) {
      const keys = Object.keys(strings(lang)).filter((key) => key.startsWith('doctor.finding.'));
      expect(keys.map((key) => key.slice('doctor.finding.'.length)).sort(), lang).toEqual([...emitted].sort());
    }
  });

  it('fills evidence in, durations and numbers formatted for the language', () => {
    const finding: Finding = { id: 'buffer-size', severity: 'problem', layer: 'nginx', fix: '/x/', evidence: { bytes: 4096, kib: 4, bursts: 3, buffer: 'proxy_buffering' } };
    expect(findingText(strings('en'), finding, 'en')).toBe(
      "The events arrive in batches of 4,096 bytes (3 times): a buffer of 4 KiB holds them until it is full, most likely nginx's proxy_buffering.",
    );
    expect(findingText(strings('de'), finding, 'de')).toContain('in Schüben von 4.096 Bytes (3-mal)');
    expect(findingText(strings('de'), finding, 'de')).toContain('am wahrscheinlichsten proxy_buffering von nginx.');
    expect(formatValue('silenceMs', 60_010, 'en')).toBe('60 s');
    expect(formatValue('maxDelayMs', 2750, 'de')).toBe('2,8 s');
    expect(formatValue('headersMs', 12, 'en')).toBe('12 ms');
  });

  it('a check shows its measured value only when this run has one', () => {
    const resumed: CheckResult = { id: 'resume', verdict: 'pass', evidence: { lastEventId: '4', status: 200, nextId: '5' }, findings: [] };
    expect(checkDetail(strings('en'), resumed, 'en')).toBe('Last-Event-ID 4 → 200, next id 5');
    expect(checkDetail(strings('en'), { ...resumed, evidence: { lastEventId: '4', status: 204 } }, 'en')).toBeNull();
  });
});

describe('the layers findings name', () => {
  it('every layer has its name in both languages, and no name is left over', () => {
    for (const lang of ['en', 'de']) {
      const keys = Object.keys(strings(lang)).filter((key) => key.startsWith('doctor.layer.'));
      expect(keys.map((key) => key.slice('doctor.layer.'.length)).sort(), lang).toEqual([...layers].sort());
    }
    expect(layerName(strings('en'), 'proxy')).toBe('proxy or CDN');
    expect(layerName(strings('de'), 'proxy')).toBe('Proxy oder CDN');
  });

  it('the CLI report names the layer in words, not by its code', () => {
    const finding: Finding = { id: 'buffer-size', severity: 'problem', layer: 'server', fix: '/x/', evidence: { bytes: 4096, kib: 4, bursts: 2, buffer: 'proxy' } };
    const report: Report = { url: 'http://localhost/', findings: [finding], checks: [], timeline: [] };
    const plain = (_style: unknown, text: string): string => text;
    expect(reportText(report, strings('en'), 'en', plain)).toContain('✗ problem [server (your app)] The events arrive');
    expect(reportText(report, strings('de'), 'de', plain)).toContain('[Server (deine App)] Die Events kommen');
  });
});

describe('the CLI links to the handbook', () => {
  it('at the site address astro.config.mjs builds for', async () => {
    const { HANDBOOK_URL } = await import('../../../../src/doctor/report-text.ts');
    const config = readFileSync('astro.config.mjs', 'utf8');
    expect(config).toContain(`site: '${HANDBOOK_URL}'`);
  });
});

describe('the buffers findings name', () => {
  it('every buffer code the checks use has its wording in both languages', () => {
    const source = readFileSync(new URL('../../../../src/lib/doctor/checks/buffering.ts', import.meta.url), 'utf8');
    const codes = [...new Set([...source.matchAll(/buffer: '([a-z0-9_-]+)'|'([a-z0-9_-]+)' : '([a-z0-9_-]+)'/g)].flatMap((m) => m.slice(1).filter(Boolean)))];
    expect(codes.length).toBeGreaterThanOrEqual(7);
    for (const lang of ['en', 'de']) {
      const all = strings(lang);
      for (const code of codes) expect(all[`doctor.value.buffer.${code}`], `${lang}: ${code}`).toBeDefined();
    }
  });
});
