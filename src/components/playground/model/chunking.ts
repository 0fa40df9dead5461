/**
 * Chunking plans for "Run in this browser": where the echo endpoint cuts the
 * stream's bytes and how long it waits between the pieces. Pure functions;
 * every offset is a BYTE offset into the UTF-8 encoding of the stream, the
 * unit the endpoint splits by.
 */

export const chunkModes = ['whole', 'every', 'lines', 'bytes'] as const;
/** whole: one chunk; every: every `size` bytes; lines: after each line end; bytes: one byte per chunk. */
export type ChunkMode = (typeof chunkModes)[number];

export interface ChunkPlan {
  mode: ChunkMode;
  /** Chunk size in bytes, for mode `every`. */
  size: number;
  /** Pause between two chunks, in milliseconds. */
  delayMs: number;
}

export const defaultChunkPlan: ChunkPlan = { mode: 'whole', size: 16, delayMs: 0 };

export interface EchoLimits {
  maxStreamBytes: number;
  maxDelayMs: number;
  maxTotalMs: number;
}

/**
 * The echo endpoint's limits (`echoLimits` in src/server/demos/echo.ts, which
 * imports Node modules and so cannot be bundled for the browser; a unit test
 * keeps the two in step).
 */
export const echoClientLimits: EchoLimits = { maxStreamBytes: 64 * 1024, maxDelayMs: 2000, maxTotalMs: 20_000 };

export type PlanProblem =
  | { code: 'too-large'; bytes: number; limit: number }
  | { code: 'bad-size' }
  | { code: 'bad-delay' }
  | { code: 'delay-too-long'; delayMs: number; limit: number }
  | { code: 'too-slow'; chunks: number; durationMs: number; limit: number };

export type PlanCheck =
  | { ok: true; splits: number[]; chunks: number; durationMs: number }
  | { ok: false; problem: PlanProblem };

const LF = 0x0a;
const CR = 0x0d;

/** Offsets right after each line end (LF, CRLF or a lone CR); a CRLF stays in one chunk. */
function lineEndOffsets(bytes: Uint8Array): number[] {
  const offsets: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte === LF || (byte === CR && bytes[i + 1] !== LF)) offsets.push(i + 1);
  }
  // The endpoint wants offsets strictly inside the stream.
  if (offsets[offsets.length - 1] === bytes.length) offsets.pop();
  return offsets;
}

/** The split offsets of a plan (without checking limits); `[]` means one chunk. */
export function splitOffsets(bytes: Uint8Array, plan: ChunkPlan): number[] {
  if (plan.mode === 'lines') return lineEndOffsets(bytes);
  if (plan.mode === 'whole') return [];
  const size = plan.mode === 'bytes' ? 1 : plan.size;
  const offsets: number[] = [];
  for (let offset = size; offset < bytes.length; offset += size) offsets.push(offset);
  return offsets;
}

/** Cuts `bytes` at `splits`. */
export function chunksAt(bytes: Uint8Array, splits: readonly number[]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let previous = 0;
  for (const split of splits) {
    chunks.push(bytes.subarray(previous, split));
    previous = split;
  }
  chunks.push(bytes.subarray(previous));
  return chunks;
}

/**
 * Validates a plan against the endpoint's limits before anything is sent.
 *
 * The duration counts at least 1 ms per chunk even without a delay: the
 * endpoint writes every chunk in its own timer turn, and Node's timers fire
 * no sooner than 1 ms. Without that floor "one byte at a time" on 64 KiB would
 * pass the endpoint's check and then run for over a minute.
 */
export function checkPlan(bytes: Uint8Array, plan: ChunkPlan, limits: EchoLimits = echoClientLimits): PlanCheck {
  if (bytes.length > limits.maxStreamBytes) {
    return { ok: false, problem: { code: 'too-large', bytes: bytes.length, limit: limits.maxStreamBytes } };
  }
  if (plan.mode === 'every' && !(Number.isSafeInteger(plan.size) && plan.size >= 1)) {
    return { ok: false, problem: { code: 'bad-size' } };
  }
  if (!(Number.isSafeInteger(plan.delayMs) && plan.delayMs >= 0)) return { ok: false, problem: { code: 'bad-delay' } };
  if (plan.delayMs > limits.maxDelayMs) {
    return { ok: false, problem: { code: 'delay-too-long', delayMs: plan.delayMs, limit: limits.maxDelayMs } };
  }
  const splits = splitOffsets(bytes, plan);
  const chunks = splits.length + 1;
  const durationMs = (chunks - 1) * Math.max(1, plan.delayMs);
  if (durationMs > limits.maxTotalMs) {
    return { ok: false, problem: { code: 'too-slow', chunks, durationMs, limit: limits.maxTotalMs } };
  }
  return { ok: true, splits, chunks, durationMs };
}
