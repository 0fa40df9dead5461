import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
/** V8's full garbage collection, without starting the test process with --expose-gc. */
export const collectGarbage = runInNewContext('gc') as () => void;

/**
 * Bytes this process holds after a full garbage collection: the JavaScript
 * heap and the memory of Buffers outside it, where the bytes of requests
 * and responses live.
 */
export function liveBytes(): number {
  collectGarbage();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

/**
 * liveBytes() once the figure has settled: some garbage (of HTTP clients
 * and servers, Node's timers) is only freed a few hundred milliseconds
 * after a burst of requests. Measures every 100 ms until two figures are
 * within 16 KiB of each other, for at most 3 s.
 */
export async function settledLiveBytes(): Promise<number> {
  let previous = liveBytes();
  for (const deadline = Date.now() + 3000; Date.now() < deadline; ) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const current = liveBytes();
    if (Math.abs(current - previous) < 16 * 1024) return Math.min(current, previous);
    previous = current;
  }
  return previous;
}
