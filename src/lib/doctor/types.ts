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
  /** Redirects followed before this response, in order (EventSource follows them too). */
  readonly redirects?: readonly RedirectHop[];
  /**
   * Set when HTTP/2 was negotiated but the response was rejected as malformed
   * (the stream reset with a protocol error, as browsers reject it too): the
   * error, and this observation is the same request retried over HTTP/1.1.
   */
  readonly http2Error?: string;
}

/**
 * The second request, sent as EventSource would reconnect: with
 * `Last-Event-ID` set to the last id the first response gave (`''`: it gave
 * none, so the header is absent). Transports send it when the first response
 * carried ids (does the server resume?) or was ended by the server (what
 * does a reconnect get: 200 again, 204, an error?).
 */
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
export const layers = ['php', 'apache', 'nginx', 'proxy', 'compression', 'server', 'network', 'client'] as const;
export type Layer = (typeof layers)[number];

/** A redirect the transport followed (as EventSource's fetch does) before the observed response. */
export interface RedirectHop {
  readonly status: number;
  readonly location: string;
}

/**
 * The checks, in report order. Every check gets one verdict, passed ones
 * included, so a reader sees what was looked at and not only what failed.
 */
export type CheckId =
  | 'status'
  | 'content-type'
  | 'cache-control'
  | 'x-accel-buffering'
  | 'connection-header'
  | 'http-version'
  | 'time-to-headers'
  | 'time-to-first-byte'
  | 'compression'
  | 'buffering'
  | 'idle-cut'
  | 'heartbeat'
  | 'retry'
  | 'ids'
  | 'resume'
  | 'reconnect'
  | 'format';

/** Finding ids: the i18n key of a finding's text is `doctor.finding.<id>`. */
export type FindingId =
  | 'status-redirect'
  | 'status-no-content'
  | 'status-error'
  | 'content-type-wrong'
  | 'cache-control-missing'
  | 'x-accel-buffering-missing'
  | 'connection-header-on-http2'
  | 'http2-refused'
  | 'http1-over-tls'
  | 'headers-slow'
  | 'headers-held'
  | 'compressed'
  | 'compressed-unflushed'
  | 'compressed-without-header'
  | 'buffered-batches'
  | 'batches-suspected'
  | 'buffer-size'
  | 'all-at-end'
  | 'php-output-buffer'
  | 'idle-cut'
  | 'idle-cut-despite-heartbeat'
  | 'no-heartbeat'
  | 'no-retry'
  | 'no-ids'
  | 'resume-ignored'
  | 'reconnect-restarts'
  | 'reconnect-error'
  | 'format-bom'
  | 'format-line-ends'
  | 'format-unterminated'
  | 'format-ignored-fields'
  | 'empty-stream';

/**
 * Values a finding's text interpolates (`{name}` in the i18n string): times
 * in ms, sizes in bytes, header values and names verbatim. Numbers, never
 * pre-formatted text, so each front end formats them for its language.
 */
export type Evidence = Readonly<Record<string, string | number>>;

export interface Finding {
  readonly id: FindingId;
  readonly severity: Severity;
  readonly layer: Layer;
  readonly evidence: Evidence;
  /**
   * The guide section that fixes it: a language-neutral site path with the
   * English page's anchor, e.g. `/infrastructure/nginx/#the-plain-reverse-proxy`.
   * German front ends turn it into `/de/…` with the German anchor via
   * `localizeFix()` (guide-links.ts), since headings differ per language.
   */
  readonly fix: string;
}

/**
 * `pass`: looked at, nothing wrong. `problem`/`advice`: the worst finding of
 * this check. `unknown`: the observation cannot tell (too short, no ids to
 * resume from, the page's fetch cannot see the HTTP version…).
 */
export type Verdict = 'pass' | 'problem' | 'advice' | 'unknown';

export interface CheckResult {
  readonly id: CheckId;
  readonly verdict: Verdict;
  /** What was measured, also for a pass (e.g. `{ status: 200 }`); i18n key `doctor.check.<id>`. */
  readonly evidence: Evidence;
  /** Ids of this check's findings, in `Report.findings`. */
  readonly findings: readonly FindingId[];
}

/** One entry of the arrival timeline (the chart's data): a dispatched event or a comment. */
export interface TimelineEntry {
  readonly kind: 'event' | 'comment';
  /** When the chunk that completed it arrived, ms after the request was sent. */
  readonly atMs: number;
  /** Bytes of its lines including line ends (for an event: through its blank line). */
  readonly bytes: number;
  /** Event type, for events. */
  readonly type?: string;
  readonly id?: string;
  /** Probe events (probe-format.ts) and the failure labs: the sequence number. */
  readonly seq?: number;
  /**
   * The server's send time of a probe or lab event, in the arrival clock
   * (ms after the request was sent), aligned so that the fastest event has
   * zero delay: server and client clocks differ, only differences count.
   */
  readonly sentAtMs?: number;
}

export interface Report {
  readonly url: string;
  /** Problems first, then advice. */
  readonly findings: readonly Finding[];
  readonly checks: readonly CheckResult[];
  readonly timeline: readonly TimelineEntry[];
}
