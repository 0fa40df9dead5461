/**
 * Settings of the bundled SSE endpoint, read once from the environment.
 * Every value has a default that suits a laptop; the README lists them.
 */
export interface EndpointConfig {
  /** Milliseconds between `: heartbeat` comments on every open stream (SSE_HEARTBEAT_MS, default 15000). */
  heartbeatMs: number;
  /** Streams open at once before new ones get 503 (SSE_MAX_STREAMS, default 5000). */
  maxStreams: number;
  /**
   * Bytes one stream may have waiting for a slow client before it is closed
   * (SSE_MAX_QUEUED_BYTES, default 256 KiB). Bounds the memory a client that
   * stops reading can make the server hold.
   */
  maxQueuedBytes: number;
  /** Echo replays one client address may create per minute (SSE_ECHO_RATE_LIMIT, default 30). */
  echoRequestsPerMinute: number;
}

export const defaultConfig: EndpointConfig = {
  heartbeatMs: 15_000,
  maxStreams: 5_000,
  maxQueuedBytes: 256 * 1024,
  echoRequestsPerMinute: 30,
};

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) {
    throw new Error(`${name} must be a positive integer, got "${raw}".`);
  }
  return Number(raw);
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): EndpointConfig {
  return {
    heartbeatMs: positiveInteger(env, 'SSE_HEARTBEAT_MS', defaultConfig.heartbeatMs),
    maxStreams: positiveInteger(env, 'SSE_MAX_STREAMS', defaultConfig.maxStreams),
    maxQueuedBytes: positiveInteger(env, 'SSE_MAX_QUEUED_BYTES', defaultConfig.maxQueuedBytes),
    echoRequestsPerMinute: positiveInteger(env, 'SSE_ECHO_RATE_LIMIT', defaultConfig.echoRequestsPerMinute),
  };
}
