/**
 * The protocol around reconnects: `retry:`, event ids, whether the server
 * resumes after `Last-Event-ID`, and what a reconnect gets. EventSource
 * reconnects whenever a 200 stream ends; a 204 stops it for good, any other
 * status fails it for good (HTML §9.2, "reestablish the connection").
 */
import { finding, outcome, unknown, type CheckOutcome } from '../check.ts';
import type { ArrivedEvent, StreamReading } from '../read-stream.ts';
import type { ResumeObservation, StreamObservation } from '../types.ts';

export function checkRetry(first: StreamObservation, reading: StreamReading): CheckOutcome {
  if (first.status !== 200 || reading.totalBytes === 0) return unknown('retry');
  const retryMs = reading.retries.at(-1);
  if (retryMs !== undefined) return outcome('retry', { retryMs });
  return outcome('retry', {}, [finding('no-retry', 'advice', 'server', 'reconnectionTime')]);
}

function hasIds(reading: StreamReading): boolean {
  return reading.events.some((event) => event.id !== undefined && event.id !== '');
}

export function checkIds(first: StreamObservation, reading: StreamReading): CheckOutcome {
  if (first.status !== 200 || reading.events.length === 0) return unknown('ids');
  if (hasIds(reading)) return outcome('ids', { lastEventId: reading.lastEventId });
  return outcome('ids', { events: reading.events.length }, [finding('no-ids', 'advice', 'server', 'lastEventId')]);
}

/** Does the second request, sent with `Last-Event-ID: <last id>`, continue after that id or start over? */
export function checkResume(reading: StreamReading, resume: ResumeObservation | undefined, resumeReading: StreamReading | undefined): CheckOutcome {
  if (!hasIds(reading) || resume === undefined || resumeReading === undefined || resume.lastEventId === '') return unknown('resume');
  const { lastEventId } = resume;
  const evidence = { lastEventId, status: resume.status };
  if (resume.status === 204) return outcome('resume', { ...evidence, outcome: 'stopped' });
  if (resume.status !== 200) return unknown('resume', evidence);
  const next = resumeReading.events.find((event) => event.id !== undefined);
  if (next === undefined) return unknown('resume', { ...evidence, events: resumeReading.events.length });
  const nextId = next.id!;
  const seen = reading.events.map((event) => event.id).filter((id) => id !== undefined);
  const seenBefore = seen.includes(nextId);
  const numeric = /^\d+$/.test(nextId) && /^\d+$/.test(lastEventId);
  const startsOver = seenBefore || (numeric && Number(nextId) <= Number(lastEventId));
  if (nextId === '') return outcome('resume', { ...evidence, outcome: 'reset' });
  if (startsOver) {
    return outcome('resume', { ...evidence, nextId }, [finding('resume-ignored', 'problem', 'server', 'replayBuffer', { lastEventId, nextId })]);
  }
  return outcome('resume', { ...evidence, nextId, outcome: 'resumed' });
}

/** The same event again: the same sequence number for stamped events (their send time differs), else the same data. */
function sameEvent(a: ArrivedEvent | undefined, b: ArrivedEvent | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  if (a.stamp && b.stamp) return a.stamp.seq === b.stamp.seq;
  return a.type === b.type && a.data === b.data;
}

/** What the browser's reconnect gets: 204 stops it cleanly, an error fails it, 200 from the start again is the restart loop. */
export function checkReconnect(first: StreamObservation, reading: StreamReading, resume: ResumeObservation | undefined, resumeReading: StreamReading | undefined): CheckOutcome {
  if (first.status !== 200 || resume === undefined || resumeReading === undefined) return unknown('reconnect');
  const { status } = resume;
  if (status === 204) return outcome('reconnect', { status, outcome: 'stop' });
  if (status !== 200) return outcome('reconnect', { status }, [finding('reconnect-error', 'problem', 'server', 'streamEnds', { status })]);
  const serverEnded = first.end.reason === 'closed';
  // Without ids there is nothing to resume from: a stream that the server ends and restarts on every reconnect repeats itself forever.
  if (serverEnded && !hasIds(reading) && sameEvent(reading.events[0], resumeReading.events[0])) {
    return outcome('reconnect', { status }, [finding('reconnect-restarts', 'advice', 'server', 'startsOver', { status })]);
  }
  return outcome('reconnect', { status });
}
