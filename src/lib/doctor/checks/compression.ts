/**
 * Compression: a compressor holds its output until it has a block worth
 * emitting unless the server flushes it after each event; and a body that is
 * compressed while no `Content-Encoding` says so (Apache's
 * `Header unset Content-Encoding` trap) reaches the browser as Datensalat.
 */
import { finding, outcome, type CheckOutcome } from '../check.ts';
import { isHeldBack, type Delivery } from '../delivery.ts';
import type { StreamObservation } from '../types.ts';
import { compressedFormat, contentEncoding } from '../body-encoding.ts';

export function checkCompression(first: StreamObservation, delivery: Delivery): CheckOutcome {
  const encoding = contentEncoding(first);
  if (encoding !== null) {
    const evidence = { encoding, heldEvents: delivery.heldEvents, maxDelayMs: Math.round(delivery.maxDelayMs) };
    const held = isHeldBack(delivery);
    const found = held
      ? finding('compressed-unflushed', 'problem', 'compression', 'compression', evidence)
      : finding('compressed', 'advice', 'compression', 'compression', { encoding });
    return outcome('compression', evidence, [found]);
  }
  const format = compressedFormat(first);
  if (format !== null) {
    return outcome('compression', { encoding: '', format }, [
      finding('compressed-without-header', 'problem', 'compression', 'binaryGarbage', { format }),
    ]);
  }
  return outcome('compression', { encoding: '' });
}
