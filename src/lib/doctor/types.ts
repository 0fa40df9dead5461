/**
 * The stream doctor's data model: what a transport observed (timed chunks and
 * headers) goes in, findings as data come out. Pure TypeScript: no Node and
 * no DOM APIs, so the CLI (Node transport) and the page (fetch transport)
 * run the same engine and report the same findings; wording lives in the
 * i18n strings, keyed by finding id.
 */

/** Bytes as they arrived, `atMs` milliseconds after the request was sent. */
export interface TimedChunk {
  readonly atMs: number;
  readonly bytes: Uint8Array;
}

/** How an observed response ended. */
export type EndReason =
  | 'closed' // the server (or something between) ended the response
  | 'error' // the connection failed mid-response
  | 'duration' // the doctor stopped after its configured duration
  | 'aborted' // the user interrupted (Ctrl-C, Stop)
  | 'size-limit'; // the doctor stopped reading at its byte cap

/** One request and everything that came back for it. */
export interface StreamObservation {
  readonly url: string;
  /** '1.1' or '2' (what the transport negotiated; the page's fetch cannot tell: null). */
  readonly httpVersion: string | null;
  readonly status: number;
  /** Header names lower-cased, in arrival order; repeated headers repeat. */
  readonly headers: ReadonlyArray<readonly [name: string, value: string]>;
  readonly headersAtMs: number;
  readonly chunks: readonly TimedChunk[];
  readonly end: { readonly atMs: number; readonly reason: EndReason; readonly message?: string };
}

/** The second request the doctor sends with `Last-Event-ID` set. */
export interface ResumeObservation extends StreamObservation {
  readonly lastEventId: string;
}

export interface DoctorInput {
  readonly first: StreamObservation;
  readonly resume?: ResumeObservation;
}

/** `problem`: breaks delivery (non-zero exit). `advice`: worth fixing, delivery works. */
export type Severity = 'problem' | 'advice';

/** Where the fault sits. */
export type Layer =
  | 'php'
  | 'apache'
  | 'nginx'
  | 'proxy'
  | 'compression'
  | 'server'
  | 'network'
  | 'client';
