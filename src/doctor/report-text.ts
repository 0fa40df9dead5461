/** The human report of the CLI: one line per check, then each finding with its fix. */
import { styleText } from 'node:util';
import { localizeFix } from '../lib/doctor/guide-links.ts';
import type { Report, Severity, Verdict } from '../lib/doctor/types.ts';
import { checkDetail, checkLabel, findingText, layerName, type Lang, type Strings } from '../lib/doctor/wording.ts';

/** Where the handbook lives; a unit test keeps it equal to astro.config.mjs's `site`. */
export const HANDBOOK_URL = 'https://sse-handbook.example';

type Style = Parameters<typeof styleText>[0];
const verdictMark: Record<Verdict, { mark: string; style: Style }> = {
  pass: { mark: '✓', style: 'green' },
  problem: { mark: '✗', style: 'red' },
  advice: { mark: '!', style: 'yellow' },
  unknown: { mark: '?', style: 'dim' },
};
const severityMark: Record<Severity, Verdict> = { problem: 'problem', advice: 'advice' };

/** `paint` colours text (or leaves it alone: NO_COLOR, not a TTY); the caller picks it for its stream. */
export function reportText(report: Report, strings: Strings, lang: Lang, paint: (style: Style, text: string) => string): string {
  const t = (key: string, values: Record<string, string> = {}): string =>
    strings[key]!.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? '');
  const lines = [paint('bold', t('doctor.cli.report-title', { url: report.url })), '', paint('bold', t('doctor.cli.checks'))];
  const labels = report.checks.map((check) => checkLabel(strings, check));
  const width = Math.max(...labels.map((label) => label.length));
  report.checks.forEach((check, index) => {
    const { mark, style } = verdictMark[check.verdict];
    const detail = check.verdict === 'unknown' ? t('doctor.verdict.unknown') : (checkDetail(strings, check, lang) ?? '');
    lines.push(`  ${paint(style, mark)} ${labels[index]!.padEnd(width)}  ${check.verdict === 'unknown' ? paint('dim', detail) : detail}`.trimEnd());
  });
  if (report.findings.length > 0) {
    lines.push('', paint('bold', t('doctor.cli.findings')));
    for (const finding of report.findings) {
      const { mark, style } = verdictMark[severityMark[finding.severity]];
      lines.push(`  ${paint(style, `${mark} ${t(`doctor.verdict.${finding.severity}`)}`)} [${layerName(strings, finding.layer)}] ${findingText(strings, finding, lang)}`);
      lines.push(`    ${t('doctor.cli.fix')} ${HANDBOOK_URL}${localizeFix(finding.fix, lang)}`);
    }
  }
  const problems = report.findings.filter((finding) => finding.severity === 'problem').length;
  lines.push('', problems === 0 ? paint('green', t('doctor.cli.clean')) : paint('red', t('doctor.cli.problems', { count: String(problems) })));
  return `${lines.join('\n')}\n`;
}
