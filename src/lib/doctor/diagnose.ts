import type { DoctorInput, Report } from './types.ts';

/** The engine: one observation (and its resume request) in, findings, verdicts and the timeline out. */
export function diagnose(input: DoctorInput): Report {
  return { url: input.first.url, findings: [], checks: [], timeline: [] };
}
