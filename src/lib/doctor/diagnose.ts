/**
 * The stream doctor's engine: an observation (and the reconnect request sent
 * after it) in; one verdict per check, the findings and the arrival timeline
 * out. Pure TypeScript, so the CLI and the page report the same thing.
 */
import type { CheckOutcome } from './check.ts';
import { checkBuffering, checkTimeToFirstByte, checkTimeToHeaders } from './checks/buffering.ts';
import { checkCompression } from './checks/compression.ts';
import { checkFormat } from './checks/format.ts';
import {
  checkAccelBuffering,
  checkCacheControl,
  checkConnectionHeader,
  checkContentType,
  checkHttpVersion,
  checkStatus,
} from './checks/headers.ts';
import { checkHeartbeat, checkIdleCut } from './checks/idle.ts';
import { checkIds, checkReconnect, checkResume, checkRetry } from './checks/protocol.ts';
import { analyseDelivery, type Delivery } from './delivery.ts';
import { readStream, type StreamReading } from './read-stream.ts';
import type { DoctorInput, Finding, Report, TimelineEntry } from './types.ts';

export function diagnose(input: DoctorInput): Report {
  const { first, resume } = input;
  const reading = readStream(first);
  const resumeReading = resume ? readStream(resume) : undefined;
  const delivery = analyseDelivery(first, reading);
  const outcomes: CheckOutcome[] = [
    checkStatus(first),
    checkContentType(first),
    checkCacheControl(first),
    checkAccelBuffering(first),
    checkConnectionHeader(first),
    checkHttpVersion(first),
    checkTimeToHeaders(first, delivery),
    checkTimeToFirstByte(first),
    checkCompression(first, delivery),
    checkBuffering(first, reading, delivery),
    checkIdleCut(first, reading),
    checkHeartbeat(first, reading),
    checkRetry(first, reading),
    checkIds(first, reading),
    checkResume(reading, resume, resumeReading),
    checkReconnect(first, reading, resume, resumeReading),
    checkFormat(first, reading),
  ];
  const findings: Finding[] = outcomes.flatMap((o) => o.findings);
  // Problems first; within a severity, report order.
  findings.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'problem' ? -1 : 1));
  return {
    url: first.url,
    findings,
    checks: outcomes.map((o) => o.check),
    timeline: timeline(reading, delivery),
  };
}

/** Whether a report is a clean bill: no finding that breaks delivery (advice does not count). */
export function isCleanBill(report: Report): boolean {
  return report.findings.every((finding) => finding.severity !== 'problem');
}

function timeline(reading: StreamReading, delivery: Delivery): TimelineEntry[] {
  const entries: TimelineEntry[] = reading.events.map((event, index) => {
    const sentAtMs = delivery.sentAtMs[index];
    return {
      kind: 'event',
      atMs: event.atMs,
      bytes: event.bytes,
      type: event.type,
      ...(event.id !== undefined ? { id: event.id } : {}),
      ...(event.stamp ? { seq: event.stamp.seq } : {}),
      ...(sentAtMs !== undefined ? { sentAtMs } : {}),
    };
  });
  for (const comment of reading.comments) entries.push({ kind: 'comment', atMs: comment.atMs, bytes: comment.bytes });
  // Stable sort: an event and a comment from the same chunk keep stream order within their kind.
  return entries.sort((a, b) => a.atMs - b.atMs);
}
