import { EventStreamParser } from '../../lib/sse/parser.ts';
import { diagnose } from '../../lib/doctor/diagnose.ts';
import type { Report, ResumeObservation, StreamObservation, TimedChunk } from '../../lib/doctor/types.ts';
import { observeResume, observeStream, type BrowserObservation } from './fetch-transport.ts';

/** A tab must not hold more than this of one stream: a runaway server cannot fill the reader's memory. */
export const maxBodyBytes = 8 * 1024 * 1024;

/**
 * How long the second request (with `Last-Event-ID`) is watched: enough to
 * see whether the server replays, starts over or refuses (204), not a whole
 * second run.
 */
export const resumeWatchMs = 5_000;

export type DoctorPhase = 'first' | 'resume';

export interface DoctorRun {
  url: string;
  durationMs: number;
  signal: AbortSignal;
  /** Every chunk as it arrives, with the request it belongs to. */
  onChunk?: (phase: DoctorPhase, chunk: TimedChunk) => void;
  onPhase?: (phase: DoctorPhase, lastEventId?: string) => void;
}

export interface DoctorResult {
  report: Report;
  first: BrowserObservation;
  resume?: ResumeObservation;
}

/**
 * The doctor in the page: watch the stream, then (unless the reader stopped
 * it) reconnect once as EventSource would, with the last id if there was one,
 * and hand both to the engine. Throws NoResponseError when the browser gets
 * no readable response (CORS, unreachable).
 */
export async function runDoctor({ url, durationMs, signal, onChunk, onPhase }: DoctorRun): Promise<DoctorResult> {
  onPhase?.('first');
  const first = await observeStream(url, { durationMs, maxBytes: maxBodyBytes, signal, onChunk: (chunk) => onChunk?.('first', chunk) });
  const lastEventId = lastEventIdOf(first);
  // Reconnect when there is something to learn: does the server resume from the id, and what does a reconnect get after it ended the stream?
  if (signal.aborted || (lastEventId === '' && first.end.reason !== 'closed')) return { report: diagnose({ first }), first };
  onPhase?.('resume', lastEventId);
  let resume: ResumeObservation | undefined;
  try {
    resume = await observeResume(url, lastEventId, {
      durationMs: Math.min(durationMs, resumeWatchMs),
      maxBytes: maxBodyBytes,
      signal,
      onChunk: (chunk) => onChunk?.('resume', chunk),
    });
  } catch {
    // The server took the first request but not this one: a CORS preflight
    // for Last-Event-ID it does not allow, or it went away. The report of
    // the first request stands; the resume check stays unknown.
  }
  return { report: diagnose(resume ? { first, resume } : { first }), first, ...(resume ? { resume } : {}) };
}

/** The last event ID string after the first response, as EventSource would send it on a reconnect (the site's own parser decides). */
function lastEventIdOf(observation: StreamObservation): string {
  const parser = new EventStreamParser();
  for (const chunk of observation.chunks) parser.feed(chunk.bytes);
  return parser.lastEventId;
}
