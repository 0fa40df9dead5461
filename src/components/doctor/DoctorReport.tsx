import { localizeFix } from '../../lib/doctor/guide-links.ts';
import type { CheckResult, Finding, Report } from '../../lib/doctor/types.ts';
import { checkDetail, checkLabel, findingText, layerName, type Lang, type Strings } from '../../lib/doctor/wording.ts';
import { fill, type UiStrings } from '../ui-strings.ts';
import type { DoctorPageStringKey } from './doctor-strings.ts';

interface Props {
  report: Report;
  strings: UiStrings<DoctorPageStringKey>;
  /** The engine's wording (doctor-strings.ts: pickEngineStrings). */
  engine: Strings;
  lang: Lang;
}

/**
 * The engine's words for a check or finding, as the CLI prints them; a text
 * the i18n files do not have (an id added to the engine after this build)
 * falls back to the id and its evidence, so nothing measured is hidden.
 */
function worded(render: () => string | null, id: string, evidence: Finding['evidence']): string | null {
  try {
    return render();
  } catch {
    const values = Object.entries(evidence).map(([name, value]) => `${name} ${value}`);
    return values.length > 0 ? `${id}: ${values.join(', ')}` : id;
  }
}

function FindingItem({ finding, strings, engine, lang }: { finding: Finding } & Omit<Props, 'report'>) {
  return (
    <li class="sse-doctor__finding" data-finding={finding.id} data-severity={finding.severity}>
      <p>{worded(() => findingText(engine, finding, lang), finding.id, finding.evidence)}</p>
      <p class="sse-doctor__finding-meta">
        <span>
          {strings['doctor.page.layer']} <strong>{worded(() => layerName(engine, finding.layer), finding.layer, {})}</strong>
        </span>
        <a href={localizeFix(finding.fix, lang)}>{strings['doctor.page.fix']}</a>
      </p>
    </li>
  );
}

function CheckHead({ check, engine, lang }: { check: CheckResult; engine: Strings; lang: Lang }) {
  const label = worded(() => checkLabel(engine, check), check.id, {});
  const detail = check.verdict === 'unknown' ? null : worded(() => checkDetail(engine, check, lang), check.id, check.evidence);
  return (
    <div class="sse-doctor__check-head">
      <span class="sse-doctor__verdict" data-verdict={check.verdict}>
        {engine[`doctor.verdict.${check.verdict}`] ?? check.verdict}
      </span>{' '}
      <span>
        <strong>{label}</strong>
        {detail !== null && `: ${detail}`}
      </span>
    </div>
  );
}

/**
 * The report: one verdict per check, in the engine's order, each with what
 * was measured; under a check that found something, its findings with the
 * layer at fault and a link to the guide section that fixes it.
 */
export function DoctorReport({ report, strings, engine, lang }: Props) {
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
              <CheckHead check={check} engine={engine} lang={lang} />
              {shown.length > 0 && (
                <ul class="sse-doctor__findings">
                  {shown.map((finding) => (
                    <FindingItem key={finding.id} finding={finding} strings={strings} engine={engine} lang={lang} />
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
