/**
 * Buffering: events held back somewhere between the server's write and the
 * reader, and which layer the evidence points to. Named after the settings
 * the guides fix: PHP's output_buffering (4096 by default in php.ini-production),
 * nginx's proxy_buffering / fastcgi_buffering (buffers of one memory page,
 * 4 KiB or 8 KiB), Apache mod_proxy_fcgi without flushpackets. The PHP
 * probe reports PHP's buffer in a header and closes it, so its stream shows
 * only the layers outside PHP and each is named on its own.
 */
import { contentEncoding, compressedFormat } from '../body-encoding.ts';
import { finding, header, outcome, serverSoftware, unknown, type CheckOutcome } from '../check.ts';
import { isHeldBack, type BufferSize, type Delivery } from '../delivery.ts';
import type { GuideSectionName } from '../guide-links.ts';
import { phpOutputBufferHeader, readPhpOutputBuffer } from '../probe-format.ts';
import type { StreamReading } from '../read-stream.ts';
import type { Finding, Layer, StreamObservation } from '../types.ts';

interface Suspect {
  readonly layer: Layer;
  readonly fix: GuideSectionName;
  /** The setting that holds the events: a code, worded by `doctor.value.buffer.<code>`. */
  readonly buffer: string;
}

/** Whether the PHP probe closed PHP's own output buffer (and reported it), so that nothing PHP holds shows in the stream. */
function phpBufferClosed(first: StreamObservation): boolean {
  return readPhpOutputBuffer(header(first, phpOutputBufferHeader)) !== null;
}

/** Which layer a buffer of this size most likely is, given what the headers say about the server. */
function suspectFor(first: StreamObservation, size: BufferSize | null): Suspect {
  const software = serverSoftware(first);
  const phpClosed = phpBufferClosed(first);
  const phpMayHold = software.php && !phpClosed;
  const overflow4096 = size?.pattern === 'overflow' && size.bytes === 4096;
  // Measured: Apache's mod_proxy_fcgi without flushpackets passes a stream on in the
  // same batches just past 4 KiB as PHP's output_buffering = 4096 does.
  if (overflow4096 && !phpClosed && !software.apache) return { layer: 'php', fix: 'phpBuffers', buffer: 'output_buffering-4096' };
  if (software.nginx) {
    // nginx's FastCGI buffer and PHP's own output buffer hold events alike; a size, or the PHP probe, tells them apart.
    return software.php
      ? { layer: 'nginx', fix: 'nginxPhp', buffer: phpMayHold && size === null ? 'fastcgi_buffering-or-php' : 'fastcgi_buffering' }
      : { layer: 'nginx', fix: 'nginxProxy', buffer: 'proxy_buffering' };
  }
  if (software.apache) {
    const buffer = phpMayHold && (size === null || overflow4096) ? 'flushpackets-or-php' : 'flushpackets';
    return { layer: 'apache', fix: 'apacheFlushingWorker', buffer };
  }
  if (phpMayHold) return { layer: 'php', fix: 'phpBuffers', buffer: 'output_buffering' };
  return { layer: 'proxy', fix: 'batches', buffer: 'proxy' };
}

/** The PHP probe's report of PHP's own output buffer: a problem for any stream script that only calls flush(). */
function phpOutputBufferFinding(first: StreamObservation): Finding | null {
  const reported = readPhpOutputBuffer(header(first, phpOutputBufferHeader));
  if (reported === null || !reported.open) return null;
  return finding('php-output-buffer', 'problem', 'php', 'phpBuffers', { outputBuffering: String(reported.bytes) });
}

export function checkBuffering(first: StreamObservation, reading: StreamReading, delivery: Delivery): CheckOutcome {
  const result = checkDelivery(first, reading, delivery);
  const php = phpOutputBufferFinding(first);
  if (php === null) return result;
  return {
    check: { ...result.check, verdict: 'problem', findings: [php.id, ...result.check.findings] },
    findings: [php, ...result.findings],
  };
}

/** Events held back on their way, and the layer their pattern points to. */
function checkDelivery(first: StreamObservation, reading: StreamReading, delivery: Delivery): CheckOutcome {
  const evidence = {
    events: reading.events.length,
    stamped: delivery.stamped ? 1 : 0,
    heldEvents: delivery.heldEvents,
    maxDelayMs: Math.round(delivery.maxDelayMs),
    bursts: delivery.bursts.length,
  };
  if (first.status !== 200) return unknown('buffering', evidence);
  if (reading.events.length === 0 && compressedFormat(first) === null) {
    // Nothing to time: a quiet stream, or a buffer that has not filled yet. The probe sends enough to tell.
    return outcome('buffering', evidence, [
      finding('empty-stream', 'advice', 'proxy', 'batches', { bytes: reading.totalBytes, durationMs: Math.round(first.end.atMs) }),
    ]);
  }
  if (reading.events.length < 2) return unknown('buffering', evidence);
  if (contentEncoding(first) !== null && isHeldBack(delivery)) {
    // The compressor is the buffer: reported once, by the compression check.
    return { check: { id: 'buffering', verdict: 'problem', evidence, findings: ['compressed-unflushed'] }, findings: [] };
  }
  const suspect = suspectFor(first, delivery.bufferSize);
  const findings: Finding[] = [];
  if (delivery.bufferSize !== null) {
    const { bytes, bursts } = delivery.bufferSize;
    // Every size the engine names is a whole number of KiB, the unit the servers' manuals give them in.
    findings.push(finding('buffer-size', 'problem', suspect.layer, suspect.fix, { bytes, kib: bytes / 1024, bursts, buffer: suspect.buffer }));
  } else if (delivery.allAtEnd) {
    findings.push(
      finding('all-at-end', 'problem', suspect.layer, suspect.fix, {
        events: reading.events.length,
        bytes: reading.totalBytes,
        durationMs: Math.round(first.end.atMs),
        buffer: suspect.buffer,
      }),
    );
  } else if (delivery.heldEvents >= 2) {
    findings.push(
      finding('buffered-batches', 'problem', suspect.layer, suspect.fix, {
        heldEvents: delivery.heldEvents,
        events: reading.events.length,
        maxDelayMs: Math.round(delivery.maxDelayMs),
        buffer: suspect.buffer,
      }),
    );
  } else if (delivery.looksBatched) {
    // Without send stamps, a server that writes several events at once looks the same: advice, and the probe tells for sure.
    findings.push(
      finding('batches-suspected', 'advice', suspect.layer, suspect.fix, {
        events: reading.events.length,
        bursts: delivery.bursts.length,
        buffer: suspect.buffer,
      }),
    );
  }
  return outcome('buffering', evidence, findings);
}

/** Headers that arrive late and together with the first events were held by the same buffer. */
export function checkTimeToHeaders(first: StreamObservation, delivery: Delivery): CheckOutcome {
  const headersMs = Math.round(first.headersAtMs);
  const firstChunk = first.chunks[0];
  const withFirstBurst = firstChunk !== undefined && firstChunk.atMs - first.headersAtMs <= BURST_WITH_HEADERS_MS;
  const firstBurstEvents = delivery.bursts[0]?.events ?? 0;
  const firstDelay = delivery.delaysMs.find((delay) => delay !== undefined) ?? 0;
  // Everything held to the end is one finding (all-at-end), not two.
  if (headersMs > 1000 && withFirstBurst && (firstBurstEvents >= 2 || firstDelay > 1000) && !delivery.allAtEnd) {
    const suspect = suspectFor(first, delivery.bufferSize);
    return outcome('time-to-headers', { headersMs }, [
      finding('headers-held', 'problem', suspect.layer, suspect.fix, { headersMs, events: firstBurstEvents, buffer: suspect.buffer }),
    ]);
  }
  if (headersMs > SLOW_HEADERS_MS) {
    return outcome('time-to-headers', { headersMs }, [finding('headers-slow', 'advice', 'server', 'nothingArrives', { headersMs })]);
  }
  return outcome('time-to-headers', { headersMs });
}

/** Headers and first chunk this close together came in one flush. */
const BURST_WITH_HEADERS_MS = 50;
/** EventSource shows nothing (readyState CONNECTING) until the headers arrive. */
const SLOW_HEADERS_MS = 3000;

export function checkTimeToFirstByte(first: StreamObservation): CheckOutcome {
  const firstChunk = first.chunks[0];
  if (firstChunk === undefined) return unknown('time-to-first-byte');
  return outcome('time-to-first-byte', { firstByteMs: Math.round(firstChunk.atMs) });
}
