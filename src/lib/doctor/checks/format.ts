/** What the site's parser noticed about the bytes themselves (its trace): BOM, line ends, an unterminated last event, ignored fields. */
import { finding, outcome, unknown, type CheckOutcome } from '../check.ts';
import type { StreamReading } from '../read-stream.ts';
import type { Finding, StreamObservation } from '../types.ts';

export function checkFormat(first: StreamObservation, reading: StreamReading): CheckOutcome {
  if (first.status !== 200 || reading.totalBytes === 0) return unknown('format');
  const { LF, CRLF, CR } = reading.lineEnds;
  const evidence = { LF, CRLF, CR };
  const findings: Finding[] = [];
  // Browsers strip one BOM; other clients and tools (and a BOM repeated after a reconnect-concatenation) trip over it.
  if (reading.bom) findings.push(finding('format-bom', 'advice', 'server', 'bom'));
  // All three are valid, but CR alone or a mix is what hand-written parsers and some proxies get wrong.
  const kinds = [LF, CRLF, CR].filter((count) => count > 0).length;
  if (CR > 0 || kinds > 1) findings.push(finding('format-line-ends', 'advice', 'server', 'lineEnds', evidence));
  if (reading.unterminated) findings.push(finding('format-unterminated', 'problem', 'server', 'endOfStream'));
  if (reading.ignoredFields.length > 0) {
    findings.push(finding('format-ignored-fields', 'advice', 'server', 'fields', { fields: reading.ignoredFields.join(', ') }));
  }
  return outcome('format', evidence, findings);
}
