import { fixLink, type GuideSectionName } from './guide-links.ts';
import type { CheckId, CheckResult, Evidence, Finding, FindingId, Layer, Severity, StreamObservation } from './types.ts';

/** What one check contributes to the report: its verdict and its findings. */
export interface CheckOutcome {
  readonly check: CheckResult;
  readonly findings: readonly Finding[];
}

export function finding(id: FindingId, severity: Severity, layer: Layer, fix: GuideSectionName, evidence: Evidence = {}): Finding {
  return { id, severity, layer, evidence, fix: fixLink(fix) };
}

/** A check's outcome: the verdict is its worst finding, `pass` without any. */
export function outcome(id: CheckId, evidence: Evidence, findings: readonly Finding[] = []): CheckOutcome {
  const verdict = findings.some((f) => f.severity === 'problem') ? 'problem' : findings.length > 0 ? 'advice' : 'pass';
  return { check: { id, verdict, evidence, findings: findings.map((f) => f.id) }, findings };
}

/** A check the observation cannot decide (too short, no ids, a status that has no body…). */
export function unknown(id: CheckId, evidence: Evidence = {}): CheckOutcome {
  return { check: { id, verdict: 'unknown', evidence, findings: [] }, findings: [] };
}

/** The first value of a response header (names are lower-cased in observations), or undefined. */
export function header(observation: StreamObservation, name: string): string | undefined {
  return observation.headers.find(([key]) => key === name)?.[1];
}

/** All values of a header joined as one list, the way HTTP combines repeated fields. */
export function headerList(observation: StreamObservation, name: string): string | undefined {
  const values = observation.headers.filter(([key]) => key === name).map(([, value]) => value);
  return values.length > 0 ? values.join(', ') : undefined;
}

/** Which software the response headers name, for naming the layer that holds events. */
export function serverSoftware(observation: StreamObservation): { nginx: boolean; apache: boolean; php: boolean } {
  const server = (headerList(observation, 'server') ?? '').toLowerCase();
  const poweredBy = (headerList(observation, 'x-powered-by') ?? '').toLowerCase();
  // Debian's php.ini has expose_php = Off, so a script's own name is often the only sign of PHP.
  const phpScript = /\.php$/i.test(new URL(observation.url).pathname);
  return { nginx: server.includes('nginx'), apache: server.includes('apache'), php: poweredBy.includes('php') || phpScript };
}
