/**
 * The CLI's --json report: findings, checks and the arrival timeline (when
 * each event and comment arrived, its size, and for probe and lab events when
 * it was sent). A 75 s run of a fast stream can hold a million events within
 * the 8 MiB the doctor reads, so the timeline keeps the first
 * `TIMELINE_CAP` entries and says how many there were.
 */
import type { Report, TimelineEntry } from '../lib/doctor/types.ts';

/** Enough for a 75 s run at more than ten events a second, and as many points as the page's chart draws. */
export const TIMELINE_CAP = 1000;

export interface JsonTimeline {
  /** Entries the run saw in all. */
  readonly total: number;
  /** True when `entries` holds only the first `cap` of them. */
  readonly truncated: boolean;
  readonly cap: number;
  /** In arrival order; times in whole ms after the request was sent. */
  readonly entries: readonly TimelineEntry[];
}

export interface JsonReport extends Omit<Report, 'timeline'> {
  readonly timeline: JsonTimeline;
}

export function reportJson(report: Report, cap = TIMELINE_CAP): JsonReport {
  const entries = report.timeline.slice(0, cap).map((entry) => ({
    ...entry,
    atMs: Math.round(entry.atMs),
    ...(entry.sentAtMs !== undefined ? { sentAtMs: Math.round(entry.sentAtMs) } : {}),
  }));
  return {
    url: report.url,
    findings: report.findings,
    checks: report.checks,
    timeline: { total: report.timeline.length, truncated: report.timeline.length > cap, cap, entries },
  };
}
