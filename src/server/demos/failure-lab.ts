import { createGzip } from 'node:zlib';
import { serializeEvent } from '../../lib/sse/serialize.ts';
import type { Endpoint, EndpointRequest } from '../endpoint.ts';
import type { EventStream } from '../event-stream.ts';
import { HttpError } from '../http-error.ts';
import { SimulatedProxyBuffer } from './simulated-proxy-buffer.ts';

/**
 * Failure labs: the same twelve events, 250 ms apart, delivered three ways,
 * so a reader can watch what buffering and compression do to a stream.
 *
 *   GET /api/sse/lab/direct         each event is written to the socket when it happens
 *   GET /api/sse/lab/proxy-buffer   through a simulated proxy buffer that passes the body
 *                                   on only 4 KiB at a time, or when the response ends
 *   GET /api/sse/lab/gzip           gzip-compressed (Content-Encoding: gzip) and never flushed:
 *                                   zlib holds the output until its buffer fills or the stream ends
 *     -> 200 text/event-stream
 *        data: {"i":1,"of":12,"sentMs":0}        sentMs: ms since the stream opened, on the server
 *        :xxxx…xxxx                               padding comment: each event is exactly 1000 bytes
 *
 *        ...
 *        data: {"i":12,"of":12,"sentMs":2750}
 *        :xxxx…xxxx
 *
 *        event: done                              the client closes on it, so the browser does not rerun the lab
 *        data: {"of":12}
 *
 * The padding makes the lab's events as big as real ones that carry a
 * record or a rendered fragment, so the twelve (12,028 bytes with `done`)
 * fill the 4 KiB proxy buffer twice: it passes on 4096 bytes after event 5
 * (1 s) and after event 9 (2 s), and the rest at the end, so the events
 * arrive in three batches, as behind a buffering proxy. An event size that
 * does not divide 4096 puts each cut inside an event, so a batch has the
 * buffer's size, not a multiple of an event's, and the stream doctor can name
 * it. EventSource drops the comment lines. The padding is mostly one letter
 * repeated, which zlib shrinks to a few dozen bytes: the gzip lab still emits
 * nothing before the end, the symptom of a compressing middleware that
 * never flushes.
 *
 * Every lab response still carries `X-Accel-Buffering: no` (from EventStream):
 * if the site itself runs behind nginx, nginx must not add a buffer of its own
 * to the one the lab simulates. The labs take no parameters, run a fixed
 * 2.75 s, and each client address may have one run (three streams) open.
 */
export const labLimits = {
  events: 12,
  intervalMs: 250,
  /** Each lab event's size with its padding comment: a little under 1 KiB, and no divisor of 4096. */
  eventBytes: 1000,
  /** The simulated proxy's buffer. */
  proxyBufferBytes: 4 * 1024,
  /** Lab streams one client address may have open at once: one of each mode. */
  streamsPerClient: 3,
  /** Lab streams open at once in all: each gzip stream holds a zlib context of about 256 KiB. */
  streamsInAll: 60,
} as const;

export type LabMode = 'direct' | 'proxy-buffer' | 'gzip';
export const labModes: readonly LabMode[] = ['direct', 'proxy-buffer', 'gzip'];

/** Where the lab writes its event text: straight to the stream, or through a layer in front of it. */
interface LabWriter {
  write(text: string): void;
  /** Passes on whatever the layer still holds, then ends the response. */
  end(): void;
}

function directWriter(stream: EventStream): LabWriter {
  return {
    write: (text) => stream.writeRaw(Buffer.from(text)),
    end: () => stream.end(),
  };
}

function proxyBufferWriter(stream: EventStream): LabWriter {
  const buffer = new SimulatedProxyBuffer(labLimits.proxyBufferBytes, (block) => stream.writeRaw(block));
  return {
    write: (text) => buffer.write(Buffer.from(text)),
    end: () => {
      buffer.end();
      stream.end();
    },
  };
}

function gzipWriter(stream: EventStream): LabWriter {
  // Defaults, as a compression middleware would use them. No flush() after an
  // event: that is the mistake this lab shows.
  const gzip = createGzip();
  gzip.on('data', (chunk: Buffer) => stream.writeRaw(chunk));
  gzip.once('end', () => stream.end());
  stream.onClose(() => gzip.destroy());
  return {
    write: (text) => gzip.write(text),
    end: () => gzip.end(),
  };
}

/** Lab event `i` sent at `sentMs`, padded with a comment line to exactly `labLimits.eventBytes` (all ASCII: bytes = characters). */
export function labEvent(i: number, sentMs: number): string {
  const data = `data: ${JSON.stringify({ i, of: labLimits.events, sentMs })}\n:`;
  return data + 'x'.repeat(labLimits.eventBytes - data.length - '\n\n'.length) + '\n\n';
}

/** Whether `Accept-Encoding` allows gzip (RFC 9110 §12.5.3): listed, or `*`, without `q=0`. */
function acceptsGzip(header: string | undefined): boolean {
  return (header ?? '').split(',').some((entry) => {
    const [coding = '', ...params] = entry.split(';').map((part) => part.trim().toLowerCase());
    const refused = params.some((param) => /^q=0(\.0{0,3})?$/.test(param));
    return (coding === 'gzip' || coding === '*') && !refused;
  });
}

/** One demo per mode, under the names `lab/direct`, `lab/proxy-buffer`, `lab/gzip`. */
export function createFailureLabs(): ReadonlyMap<string, Endpoint> {
  const openPerClient = new Map<string, number>();
  let openInAll = 0;

  function admit({ client }: EndpointRequest, stream: () => EventStream): EventStream {
    const mine = openPerClient.get(client) ?? 0;
    const runSeconds = String(Math.ceil((labLimits.events * labLimits.intervalMs) / 1000));
    if (mine >= labLimits.streamsPerClient) {
      throw new HttpError(429, `One lab run at a time: this address already has ${mine} lab streams open; try again in ${runSeconds} s.`, {
        'Retry-After': runSeconds,
      });
    }
    if (openInAll >= labLimits.streamsInAll) {
      throw new HttpError(503, `Too many lab streams open (limit ${labLimits.streamsInAll}); try again in ${runSeconds} s.`, {
        'Retry-After': runSeconds,
      });
    }
    const opened = stream();
    openPerClient.set(client, mine + 1);
    openInAll += 1;
    opened.onClose(() => {
      openInAll -= 1;
      const left = (openPerClient.get(client) ?? 1) - 1;
      if (left > 0) openPerClient.set(client, left);
      else openPerClient.delete(client);
    });
    return opened;
  }

  function lab(mode: LabMode): Endpoint {
    return {
      methods: ['GET'],
      handle(request) {
        const { req, res, openStream } = request;
        if (mode === 'gzip') {
          if (!acceptsGzip(req.headers['accept-encoding'])) {
            throw new HttpError(406, 'The gzip lab sends a gzip-compressed body; ask for it with "Accept-Encoding: gzip" (curl --compressed).');
          }
          // Merged into the stream's headers when it opens.
          res.setHeader('Content-Encoding', 'gzip');
          res.setHeader('Vary', 'Accept-Encoding');
        }
        const stream = admit(request, () => openStream({ heartbeat: false }));
        const writer = mode === 'direct' ? directWriter(stream) : mode === 'proxy-buffer' ? proxyBufferWriter(stream) : gzipWriter(stream);
        const startedAt = performance.now();
        let sent = 0;
        let timer: NodeJS.Timeout | undefined;
        const sendNext = (): void => {
          // A HEAD request's stream ends right after its headers: nothing to send.
          if (!stream.isOpen) return;
          const sentMs = Math.round((performance.now() - startedAt) * 10) / 10;
          sent += 1;
          writer.write(labEvent(sent, sentMs));
          if (sent === labLimits.events) {
            writer.write(serializeEvent({ event: 'done', data: JSON.stringify({ of: labLimits.events }) }));
            writer.end();
            return;
          }
          // Aim at the schedule, not at "250 ms after the last timer fired", so delays do not add up.
          timer = setTimeout(sendNext, Math.max(0, startedAt + sent * labLimits.intervalMs - performance.now()));
        };
        stream.onClose(() => clearTimeout(timer));
        // At shutdown the lab stops where it is and ends as it would at its last event: what the layer holds goes out first.
        stream.finishAtShutdown(() => {
          clearTimeout(timer);
          writer.end();
        });
        sendNext();
      },
    };
  }

  return new Map(labModes.map((mode) => [`lab/${mode}`, lab(mode)]));
}
