#!/usr/bin/env node
/**
 * sse-doctor <url>: checks an SSE endpoint and names the layer that holds its
 * events. `npm run doctor -- <url>`, or `npx sse-doctor <url>` in a checkout.
 * The report goes to stdout (text or --json), everything else to stderr.
 * Exit code: 0 no problem that breaks delivery, 1 problems, 2 no check possible.
 */
import { readFileSync } from 'node:fs';
import { parseArgs, styleText } from 'node:util';
import { diagnose, isCleanBill } from '../lib/doctor/diagnose.ts';
import type { ResumeObservation, StreamObservation } from '../lib/doctor/types.ts';
import type { Lang, Strings } from '../lib/doctor/wording.ts';
import { EventStreamParser } from '../lib/sse/parser.ts';
import { DoctorError, observe, parseHttpUrl, type ObserveOptions } from './node-transport.ts';
import { reportJson, TIMELINE_CAP } from './report-json.ts';
import { reportText } from './report-text.ts';

const MAX_DURATION_MS = 3_600_000;
/** A 60 s idle timeout (nginx's proxy_read_timeout, many load balancers) shows within this. */
const IDLE_CUT_VISIBLE_MS = 62_000;
const BYTE_CAP = 8 * 1024 * 1024;
/** The reconnect only has to show its status and first event. */
const RECONNECT_MS = 5000;

const EXIT_CLEAN = 0;
const EXIT_PROBLEMS = 1;
const EXIT_NO_CHECK = 2;

function loadStrings(lang: Lang): Strings {
  const all = JSON.parse(readFileSync(new URL(`../../content/i18n/${lang}.json`, import.meta.url), 'utf8')) as Record<string, string>;
  return Object.fromEntries(Object.entries(all).filter(([key]) => key.startsWith('doctor.')));
}

class UsageError extends Error {
  readonly key: string;
  readonly values: Record<string, string>;
  constructor(key: string, values: Record<string, string>) {
    super(key);
    this.key = key;
    this.values = values;
  }
}

/** `75s`, `2m`, `3000ms`, `1.5s`; a bare number is seconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  const ms = match ? Number(match[1]) * ({ ms: 1, s: 1000, m: 60_000 } as const)[(match[2] ?? 's') as 'ms' | 's' | 'm'] : Number.NaN;
  if (!(ms > 0 && ms <= MAX_DURATION_MS)) throw new UsageError('doctor.cli.error.duration', { value: text });
  return ms;
}

function parseHeader(text: string): [string, string] {
  const colon = text.indexOf(':');
  const name = text.slice(0, colon).trim();
  if (colon < 1 || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new UsageError('doctor.cli.error.header', { value: text });
  return [name, text.slice(colon + 1).trim()];
}

function parseCommandLine(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      header: { type: 'string', short: 'H', multiple: true, default: [] },
      cookie: { type: 'string' },
      insecure: { type: 'boolean', default: false },
      'http1.1': { type: 'boolean', default: false },
      // Long enough for a 60 s idle timeout to show.
      duration: { type: 'string', default: '75s' },
      'header-timeout': { type: 'string', default: '10s' },
      json: { type: 'boolean', default: false },
      lang: { type: 'string', default: 'en' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.lang !== 'en' && values.lang !== 'de') throw new UsageError('doctor.cli.error.lang', { value: values.lang });
  return { values, positionals, lang: values.lang as Lang };
}

function fill(strings: Strings, key: string, values: Record<string, string> = {}): string {
  return (strings[key] ?? key).replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? '');
}

export async function main(argv: string[]): Promise<number> {
  // Even a usage error is reported in the language asked for.
  const langAt = argv.indexOf('--lang');
  let strings = loadStrings(argv.includes('--lang=de') || (langAt !== -1 && argv[langAt + 1] === 'de') ? 'de' : 'en');
  const err = (text: string): void => void process.stderr.write(`${text}\n`);
  let command: ReturnType<typeof parseCommandLine>;
  try {
    command = parseCommandLine(argv);
  } catch (error) {
    if (error instanceof UsageError) err(fill(strings, error.key, error.values));
    else err(fill(strings, 'doctor.cli.error.usage', { message: (error as Error).message }));
    return EXIT_NO_CHECK;
  }
  const { values, positionals, lang } = command;
  strings = loadStrings(lang);
  if (values.help || positionals.length !== 1) {
    (values.help ? process.stdout : process.stderr).write(`${fill(strings, 'doctor.cli.usage', { timelineCap: String(TIMELINE_CAP) })}\n`);
    return values.help ? EXIT_CLEAN : EXIT_NO_CHECK;
  }
  const url = positionals[0]!;
  let options: ObserveOptions;
  try {
    parseHttpUrl(url);
    const headers = values.header.map(parseHeader);
    if (values.cookie !== undefined) headers.push(['Cookie', values.cookie]);
    options = {
      headers,
      insecure: values.insecure,
      http1Only: values['http1.1'],
      durationMs: parseDuration(values.duration),
      headerTimeoutMs: parseDuration(values['header-timeout']),
      byteCap: BYTE_CAP,
    };
  } catch (error) {
    if (error instanceof UsageError) err(fill(strings, error.key, error.values));
    else if (error instanceof DoctorError) err(fill(strings, `doctor.cli.error.${error.code}`, error.detail));
    else throw error;
    return EXIT_NO_CHECK;
  }

  // Ctrl-C once: report what arrived. Twice: leave at once.
  const interrupt = new AbortController();
  const onSigint = (): void => {
    if (interrupt.signal.aborted) process.exit(130);
    interrupt.abort();
  };
  process.on('SIGINT', onSigint);
  const live = process.stderr.isTTY ? (text: string) => process.stderr.write(`\r\x1b[2K${text}`) : null;
  const progress = live
    ? (p: { atMs: number; events: number; bytes: number }) =>
        live(fill(strings, 'doctor.cli.progress', { seconds: (p.atMs / 1000).toFixed(1), events: String(p.events), bytes: String(p.bytes) }))
    : undefined;

  try {
    const listening = options.durationMs >= IDLE_CUT_VISIBLE_MS ? 'doctor.cli.listening' : 'doctor.cli.listening-short';
    err(fill(strings, listening, { url, seconds: String(Math.round(options.durationMs / 100) / 10) }));
    const first = await observe(url, { ...options, signal: interrupt.signal, ...(progress ? { onProgress: progress } : {}) });
    live?.('');
    if (first.end.reason === 'aborted') err(fill(strings, 'doctor.cli.stopped.aborted'));
    if (first.end.reason === 'size-limit') err(fill(strings, 'doctor.cli.stopped.size-limit', { bytes: String(BYTE_CAP) }));
    const resume = first.end.reason === 'aborted' ? undefined : await reconnect(url, first, options, strings, err);
    const report = diagnose(resume ? { first, resume } : { first });
    if (values.json) {
      process.stdout.write(`${JSON.stringify(reportJson(report), null, 2)}\n`);
    } else {
      const paint = (style: Parameters<typeof styleText>[0], text: string) => styleText(style, text, { stream: process.stdout });
      process.stdout.write(reportText(report, strings, lang, paint));
    }
    return isCleanBill(report) ? EXIT_CLEAN : EXIT_PROBLEMS;
  } catch (error) {
    live?.('');
    if (!(error instanceof DoctorError)) throw error;
    err(fill(strings, interrupt.signal.aborted ? 'doctor.cli.stopped.aborted' : `doctor.cli.error.${error.code}`, error.detail));
    return EXIT_NO_CHECK;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/**
 * The second request, as EventSource would send it: with the last event id
 * when the stream gave one (does the server resume?), and whenever the server
 * ended the stream (what does a reconnect get?).
 */
async function reconnect(
  url: string,
  first: StreamObservation,
  options: ObserveOptions,
  strings: Strings,
  err: (text: string) => void,
): Promise<ResumeObservation | undefined> {
  if (first.status !== 200) return undefined;
  const lastEventId = lastEventIdOf(first);
  if (lastEventId === '' && first.end.reason !== 'closed') return undefined;
  err(lastEventId === '' ? fill(strings, 'doctor.cli.reconnecting-without-id') : fill(strings, 'doctor.cli.reconnecting', { id: lastEventId }));
  try {
    const again = await observe(url, { ...options, durationMs: Math.min(options.durationMs, RECONNECT_MS), stopAfterFirstEvent: true, lastEventId });
    return { ...again, lastEventId };
  } catch (error) {
    if (!(error instanceof DoctorError)) throw error;
    err(fill(strings, `doctor.cli.error.${error.code}`, error.detail));
    return undefined;
  }
}

function lastEventIdOf(observation: StreamObservation): string {
  const parser = new EventStreamParser();
  for (const chunk of observation.chunks) parser.feed(chunk.bytes);
  return parser.lastEventId;
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2));
  // Everything is closed by now; should a server's socket linger anyway, the report is out and the doctor must not hang on it.
  setTimeout(() => process.exit(), 1000).unref();
}
