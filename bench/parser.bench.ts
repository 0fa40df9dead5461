/**
 * Throughput benchmark: our EventStreamParser against eventsource-parser (v4).
 *
 * Run with Node 24 (type stripping, no build step):
 *   node_modules/.bin/node bench/parser.bench.ts
 *
 * It generates ~10 MiB of mixed `text/event-stream` text deterministically
 * (seeded PRNG): short JSON events with ids, named events, rare 1–8 KiB data
 * lines (about half of the bytes), multi-line data, comments and retry lines,
 * a fifth of the events with CRLF line ends, and some non-ASCII words (so the
 * strings are two-byte strings in V8, as in a bilingual real-world stream).
 * It cuts the text into 64 KiB and 100-unit chunks ahead of time, and
 * times both parsers on the same chunks: as strings for both (eventsource-parser
 * only takes strings), and ours additionally on UTF-8 byte chunks (which
 * includes the UTF-8 decoding). Each case gets warm-up rounds, then measured
 * rounds that alternate which parser runs first; the median is reported.
 *
 * Not a vitest file: a plain script, so only erasable TypeScript syntax and
 * `.ts` import extensions.
 */
import { createParser } from 'eventsource-parser';
import { EventStreamParser } from '../src/lib/sse/parser.ts';
import { prng } from '../tests/helpers/prng.ts';

const TARGET_BYTES = 10 * 1024 * 1024;
const WARMUP_ROUNDS = 3;
const MEASURED_ROUNDS = 9;

const WORDS = ['alpha', 'beta', 'gamma', 'delta', 'token', 'stream', 'event', 'chunk', 'Grüße', 'Straße', '€uro', 'naïve'];

function generateStream(targetBytes: number): string {
  const random = prng(0x5eed);
  const int = (n: number): number => Math.floor(random() * n);
  const words = (n: number): string => {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(WORDS[int(WORDS.length)] as string);
    return out.join(' ');
  };
  const parts: string[] = [];
  let size = 0;
  let id = 0;
  while (size < targetBytes) {
    // About a fifth of the events use CRLF line ends, the rest LF.
    const nl = random() < 0.2 ? '\r\n' : '\n';
    const kind = random();
    let block = '';
    if (kind < 0.45) {
      // Short single-line JSON data, LLM-token style, with an id.
      block = `id: ${++id}${nl}data: {"i":${id},"delta":"${words(1 + int(3))}"}${nl}${nl}`;
    } else if (kind < 0.65) {
      // Named event with short data.
      block = `event: update${nl}data: ${words(2 + int(6))}${nl}${nl}`;
    } else if (kind < 0.67) {
      // Long single-line data (1–8 KiB); rare, but about half of the bytes.
      block = `event: snapshot${nl}id: ${++id}${nl}data: ${'x'.repeat(1024 + int(7 * 1024))}${nl}${nl}`;
    } else if (kind < 0.85) {
      // Multi-line data (3–20 lines).
      const lines = 3 + int(18);
      for (let i = 0; i < lines; i++) block += `data: ${words(1 + int(8))}${nl}`;
      block += nl;
    } else if (kind < 0.97) {
      // Comment (keep-alive), optionally before an event.
      block = random() < 0.5 ? `: keep-alive${nl}${nl}` : `: ${words(3)}${nl}data: ${words(4)}${nl}${nl}`;
    } else {
      // Retry line, applied without a dispatch, then an event.
      block = `retry: ${1000 + int(9000)}${nl}data: reconnect hint${nl}${nl}`;
    }
    parts.push(block);
    size += block.length;
  }
  return parts.join('');
}

function chunkString(text: string, size: number): string[] {
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
  return chunks;
}

function chunkBytes(bytes: Uint8Array, size: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return chunks;
}

interface RunResult {
  events: number;
  dataChars: number;
  ms: number;
}

function runOurs(chunks: readonly (string | Uint8Array)[]): RunResult {
  let events = 0;
  let dataChars = 0;
  const start = performance.now();
  const parser = new EventStreamParser({
    onEvent(event) {
      events++;
      dataChars += event.data.length;
    },
  });
  for (const chunk of chunks) parser.feed(chunk);
  parser.end();
  return { events, dataChars, ms: performance.now() - start };
}

function runTheirs(chunks: readonly string[]): RunResult {
  let events = 0;
  let dataChars = 0;
  const start = performance.now();
  const parser = createParser({
    onEvent(event) {
      events++;
      dataChars += event.data.length;
    },
  });
  for (const chunk of chunks) parser.feed(chunk);
  parser.reset();
  return { events, dataChars, ms: performance.now() - start };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Runs both contenders alternately; returns their median times and last results. */
function compare(
  runA: () => RunResult,
  runB: () => RunResult,
): { a: RunResult; b: RunResult; aMs: number; bMs: number } {
  const aTimes: number[] = [];
  const bTimes: number[] = [];
  let a = runA();
  let b = runB();
  for (let round = 0; round < WARMUP_ROUNDS + MEASURED_ROUNDS; round++) {
    if (round % 2 === 0) {
      a = runA();
      b = runB();
    } else {
      b = runB();
      a = runA();
    }
    if (round >= WARMUP_ROUNDS) {
      aTimes.push(a.ms);
      bTimes.push(b.ms);
    }
  }
  return { a, b, aMs: median(aTimes), bMs: median(bTimes) };
}

const text = generateStream(TARGET_BYTES);
const bytes = new TextEncoder().encode(text);
const megabytes = bytes.length / 1e6;
const mbps = (ms: number): string => (megabytes / (ms / 1000)).toFixed(1).padStart(7);

console.log(
  `Input: ${bytes.length} bytes UTF-8 (${(bytes.length / 1048576).toFixed(2)} MiB), ${text.length} UTF-16 code units; ` +
    `${WARMUP_ROUNDS} warm-up + ${MEASURED_ROUNDS} measured rounds, median. MB/s = 10^6 bytes of UTF-8 input per second.`,
);
console.log(`Node ${process.version}\n`);

let allMatch = true;
for (const [label, size] of [
  ['64 KiB', 64 * 1024],
  ['100 B', 100],
] as const) {
  const stringChunks = chunkString(text, size);
  const byteChunks = chunkBytes(bytes, size);

  const strings = compare(
    () => runOurs(stringChunks),
    () => runTheirs(stringChunks),
  );
  const ours = strings.a;
  const theirs = strings.b;
  const onBytes = compare(
    () => runOurs(byteChunks),
    () => runTheirs(stringChunks),
  );

  const sameCount = ours.events === theirs.events && onBytes.a.events === theirs.events;
  const sameData = ours.dataChars === theirs.dataChars && onBytes.a.dataChars === theirs.dataChars;
  allMatch &&= sameCount && sameData;

  console.log(`Chunks of ${label} (${stringChunks.length} string chunks, ${byteChunks.length} byte chunks):`);
  console.log(`  ours, strings        ${mbps(strings.aMs)} MB/s  (${strings.aMs.toFixed(1)} ms)`);
  console.log(`  eventsource-parser   ${mbps(strings.bMs)} MB/s  (${strings.bMs.toFixed(1)} ms)`);
  console.log(`  ours, bytes (+UTF-8) ${mbps(onBytes.aMs)} MB/s  (${onBytes.aMs.toFixed(1)} ms)`);
  console.log(`  time ratio ours/theirs, strings: ${(strings.aMs / strings.bMs).toFixed(2)}`);
  console.log(`  time ratio ours(bytes)/theirs(strings): ${(onBytes.aMs / onBytes.bMs).toFixed(2)}`);
  console.log(
    `  events: ours ${ours.events} (bytes: ${onBytes.a.events}), theirs ${theirs.events} — ${sameCount ? 'same count' : 'COUNT MISMATCH'}; ` +
      `data chars ${sameData ? 'match' : 'MISMATCH'} (${ours.dataChars})\n`,
  );
}

if (!allMatch) {
  console.error('The parsers disagree on the events produced.');
  process.exitCode = 1;
}
