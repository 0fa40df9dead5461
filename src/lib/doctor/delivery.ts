/**
 * When did each event arrive compared with when it was sent? With send stamps
 * (probe events, the failure labs) that is measured per event; without them,
 * the shape of the arrivals (bursts, their sizes) is all there is.
 */
import type { ArrivedEvent, StreamReading } from './read-stream.ts';
import type { StreamObservation } from './types.ts';

/** Chunks closer together than this belong to one burst (one flush somewhere upstream). */
const BURST_GAP_MS = 40;
/** An event later than this beyond the fastest one was held back (wide: a loaded 2-core box stalls for a few hundred ms). */
const HELD_MS = 700;
/** Buffer sizes worth naming: the page-size and output-buffer defaults of the usual servers. */
const BUFFER_SIZES = [2048, 4096, 8192, 16384, 32768, 65536];

export interface Burst {
  readonly startMs: number;
  readonly endMs: number;
  readonly bytes: number;
  readonly events: number;
}

/** A buffer's size, read from the sizes of the bursts it let through. */
export interface BufferSize {
  readonly bytes: number;
  /** `blocks`: every burst exactly that size (a proxy buffer passing full blocks); `overflow`: each burst the first write past it (an output buffer flushed whole once full, like PHP's). */
  readonly pattern: 'blocks' | 'overflow';
  readonly bursts: number;
}

export interface Delivery {
  /** Events with a send stamp: delays are measured, not guessed. */
  readonly stamped: boolean;
  /** Per event: its delay beyond the fastest event (stamped), else undefined. */
  readonly delaysMs: ReadonlyArray<number | undefined>;
  /** The server's send time of each stamped event in the arrival clock. */
  readonly sentAtMs: ReadonlyArray<number | undefined>;
  readonly heldEvents: number;
  readonly maxDelayMs: number;
  readonly bursts: readonly Burst[];
  /** The server ended the response and every event came in its final burst, after the stream had been open a while. */
  readonly allAtEnd: boolean;
  /** Without stamps: most events came several to a burst, bursts apart. */
  readonly looksBatched: boolean;
  readonly bufferSize: BufferSize | null;
}

function bursts(observation: StreamObservation, events: readonly ArrivedEvent[]): Burst[] {
  const result: Array<{ startMs: number; endMs: number; bytes: number; events: number }> = [];
  for (const chunk of observation.chunks) {
    const last = result.at(-1);
    if (last && chunk.atMs - last.endMs <= BURST_GAP_MS) {
      last.endMs = chunk.atMs;
      last.bytes += chunk.bytes.byteLength;
    } else {
      result.push({ startMs: chunk.atMs, endMs: chunk.atMs, bytes: chunk.bytes.byteLength, events: 0 });
    }
  }
  // Events and bursts are both in arrival order: one pass over each (an 8 MiB stream can hold a million events).
  let index = 0;
  for (const event of events) {
    while (index < result.length && result[index]!.endMs < event.atMs) index += 1;
    const burst = result[index];
    if (burst && event.atMs >= burst.startMs) burst.events += 1;
  }
  return result;
}

/** The buffer size the bursts point to: the final burst is left out (whatever was left when the response ended). */
function bufferSizeOf(all: readonly Burst[], largestEventBytes: number): BufferSize | null {
  const full = all.slice(0, -1);
  if (full.length < 2) return null;
  // A buffer only gathers events smaller than itself: bursts of one big event each say nothing.
  const sizes = BUFFER_SIZES.filter((size) => largestEventBytes < size);
  for (const size of sizes) {
    if (full.every((burst) => burst.bytes === size)) return { bytes: size, pattern: 'blocks', bursts: full.length };
  }
  for (const size of sizes) {
    if (full.every((burst) => burst.bytes >= size && burst.bytes < size + largestEventBytes)) {
      return { bytes: size, pattern: 'overflow', bursts: full.length };
    }
  }
  return null;
}

export function analyseDelivery(observation: StreamObservation, reading: StreamReading): Delivery {
  const { events } = reading;
  const all = bursts(observation, events);
  const largestEventBytes = events.reduce((max, event) => Math.max(max, event.bytes), 0);
  const stampedEvents = events.filter((event) => event.stamp !== undefined);
  const stamped = stampedEvents.length >= 3;
  let delaysMs: Array<number | undefined> = events.map(() => undefined);
  let sentAtMs: Array<number | undefined> = events.map(() => undefined);
  if (stamped) {
    // Server and client clocks differ by an unknown offset: align them on the fastest event.
    const base = stampedEvents.reduce((min, event) => Math.min(min, event.atMs - event.stamp!.sentMs), Infinity);
    delaysMs = events.map((event) => (event.stamp ? event.atMs - event.stamp.sentMs - base : undefined));
    sentAtMs = events.map((event) => (event.stamp ? event.stamp.sentMs + base : undefined));
  }
  const measured = delaysMs.filter((delay): delay is number => delay !== undefined);
  const heldEvents = measured.filter((delay) => delay > HELD_MS).length;
  const maxDelayMs = measured.reduce((max, delay) => Math.max(max, delay), 0);

  const finalBurst = all.at(-1);
  const allAtEnd =
    observation.end.reason === 'closed' &&
    events.length >= 2 &&
    finalBurst !== undefined &&
    finalBurst.events === events.length &&
    observation.end.atMs - finalBurst.endMs <= BURST_GAP_MS * 5 &&
    // Without stamps: the events came more than a second after the request, all in the burst that ended it (the headers may have been held with them).
    (stamped ? heldEvents >= 1 : finalBurst.startMs > 1000);

  const eventful = all.filter((burst) => burst.events >= 3);
  const inEventful = eventful.reduce((sum, burst) => sum + burst.events, 0);
  const looksBatched = !stamped && events.length >= 6 && eventful.length >= 2 && inEventful * 2 >= events.length;

  return {
    stamped,
    delaysMs,
    sentAtMs,
    heldEvents,
    maxDelayMs,
    bursts: all,
    allAtEnd,
    looksBatched,
    bufferSize: bufferSizeOf(all, largestEventBytes),
  };
}

/** Whether events were held back at all: measured, by a buffer's size, or everything at the end. */
export function isHeldBack(delivery: Delivery): boolean {
  return delivery.heldEvents >= 2 || delivery.allAtEnd || delivery.bufferSize !== null;
}
