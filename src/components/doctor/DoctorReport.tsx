import { localizeFix } from '../../lib/doctor/guide-links.ts';
import type { Evidence, Finding, Report } from '../../lib/doctor/types.ts';
import { fill, type UiStrings } from '../ui-strings.ts';
import type { DoctorPageStringKey, EngineTexts } from './doctor-strings.ts';

interface Props {
  report: Report;
  strings: UiStrings<DoctorPageStringKey>;
  texts: EngineTexts;
  lang: 'en' | 'de';
}

/**
 * A text from the i18n strings with the evidence filled in, numbers formatted
 * for the page's language; without a text (not written yet), the id and the
 * evidence as they are, so nothing measured is hidden.
 */
function describe(template: string | undefined, id: string, evidence: Evidence, lang: string): string {
  const number = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
  const values = Object.fromEntries(Object.entries(evidence).map(([name, value]) => [name, typeof value === 'number' ? number.format(value) : value]));
  if (template !== undefined) return fill(template, values);
  const shown = Object.entries(values).map(([name, value]) => `${name} ${value}`);
  return shown.length > 0 ? `${id}: ${shown.join(', ')}` : id;
}

function FindingItem({ finding, strings, texts, lang }: { finding: Finding } & Omit<Props, 'report'>) {
  return (
    <li class="sse-doctor__finding" data-finding={finding.id} data-severity={finding.severity}>
      <p>{describe(texts.findings[finding.id], finding.id, finding.evidence, lang)}</p>
      <p class="sse-doctor__finding-meta">
        <span>
          {strings['doctor.page.layer']} <strong>{texts.layers[finding.layer] ?? finding.layer}</strong>
        </span>
        <a href={localizeFix(finding.fix, lang)}>{strings['doctor.page.fix']}</a>
      </p>
    </li>
  );
}

/**
 * The report: one verdict per check, in the engine's order, each with what
 * was measured; under a check that found something, its findings with the
 * layer at fault and a link to the guide section that fixes it.
 */
export function DoctorReport({ report, strings, texts, lang }: Props) {
  const problems = report.findings.filter((finding) => finding.severity === 'problem').length;
  const advice = report.findings.length - problems;
  return (
    <section class="sse-doctor__report" aria-labelledby="sse-doctor-report-heading" data-problems={problems} data-advice={advice}>
      <h3 id="sse-doctor-report-heading">{strings['doctor.page.report']}</h3>
      <p class="sse-doctor__summary">{fill(strings['doctor.page.report.summary'], { url: report.url, problems, advice })}</p>
      <ul class="sse-doctor__checks">
        {report.checks.map((check, index) => {
          // A finding two checks share (a compressor that is also the buffer) is shown under the first.
          const shown = report.findings.filter(
            (finding) => check.findings.includes(finding.id) && !report.checks.slice(0, index).some((earlier) => earlier.findings.includes(finding.id)),
          );
          return (
            <li key={check.id} class="sse-doctor__check" data-check={check.id} data-verdict={check.verdict}>
              <div class="sse-doctor__check-head">
                <span class="sse-doctor__verdict" data-verdict={check.verdict}>
                  {strings[`doctor.page.verdict.${check.verdict}`]}
                </span>
                <span>{describe(texts.checks[check.id], check.id, check.evidence, lang)}</span>
              </div>
              {shown.length > 0 && (
                <ul class="sse-doctor__findings">
                  {shown.map((finding) => (
                    <FindingItem key={finding.id} finding={finding} strings={strings} texts={texts} lang={lang} />
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
