import { parseTrustedProxies, type TrustedProxies } from './client-address.ts';

/**
 * Settings of the bundled SSE endpoint, read once from the environment at
 * start. Every value has a default that suits a laptop (the README lists
 * them) and a range: a value outside it stops the start with a message that
 * names the variable, instead of turning into something nobody asked for
 * (a heartbeat of 3,000,000,000 ms overflows Node's timers and fires every
 * millisecond).
 */
export interface EndpointConfig {
  /** Milliseconds between `: heartbeat` comments on every open stream (SSE_HEARTBEAT_MS, default 15000). */
  heartbeatMs: number;
  /** Streams open at once before new ones get 503 (SSE_MAX_STREAMS, default 5000). */
  maxStreams: number;
  /**
   * Streams one client address may hold open at once before its next one
   * gets 429 (SSE_MAX_STREAMS_PER_CLIENT, default 6: what a browser opens
   * to one host over HTTP/1.1), so that a single client cannot take every slot.
   */
  maxStreamsPerClient: number;
  /**
   * Bytes one stream may have waiting for a slow client before it is closed
   * (SSE_MAX_QUEUED_BYTES, default 256 KiB). Bounds the memory a client that
   * stops reading can make the server hold.
   */
  maxQueuedBytes: number;
  /** Echo replays one client address may create per minute (SSE_ECHO_RATE_LIMIT, default 30). */
  echoRequestsPerMinute: number;
  /** Room messages one client address may post per 10 s (SSE_ROOM_CLIENT_RATE_LIMIT, default 10). */
  roomMessagesPerClient: number;
  /**
   * Room messages the whole room accepts per 10 s from all clients together
   * (SSE_ROOM_RATE_LIMIT, default 100): bounds the fan-out work, which grows
   * with messages × listeners.
   */
  roomMessagesPerRoom: number;
  /**
   * Leading bits of an IPv6 address that name one client for the per-client
   * limits (SSE_IPV6_PREFIX, default 64: the network one subscriber
   * usually gets); see `clientKey` in client-address.ts.
   */
  ipv6PrefixBits: number;
  /**
   * Reverse proxies whose `X-Forwarded-For` is believed (TRUST_PROXY: a
   * comma-separated list of addresses or CIDR ranges; default none). Without
   * it, every per-client limit counts the socket's peer address.
   */
  trustedProxies: TrustedProxies;
  /**
   * Redis for the broadcast room (REDIS_URL, `redis://host:6379` or
   * `rediss://…`; default none: the room lives in this process). With it,
   * several processes share one room and its replay history.
   */
  redisUrl: string | null;
}

interface IntegerSetting {
  key: Exclude<keyof EndpointConfig, 'trustedProxies' | 'redisUrl'>;
  variable: string;
  min: number;
  max: number;
}

/** Each numeric setting, its variable and its range. The README's table lists the same. */
export const integerSettings: readonly IntegerSetting[] = [
  // Below 1 s a heartbeat is only load; above 1 h no idle timeout would be kept at bay.
  { key: 'heartbeatMs', variable: 'SSE_HEARTBEAT_MS', min: 1000, max: 3_600_000 },
  { key: 'maxStreams', variable: 'SSE_MAX_STREAMS', min: 1, max: 1_000_000 },
  { key: 'maxStreamsPerClient', variable: 'SSE_MAX_STREAMS_PER_CLIENT', min: 1, max: 1_000_000 },
  // At least one ordinary event must fit; at most what a process can hold for a few thousand clients.
  { key: 'maxQueuedBytes', variable: 'SSE_MAX_QUEUED_BYTES', min: 4096, max: 64 * 1024 * 1024 },
  { key: 'echoRequestsPerMinute', variable: 'SSE_ECHO_RATE_LIMIT', min: 1, max: 100_000 },
  // Per 10 s. The upper end is 1,000 messages a second: the load benchmark's
  // 100 events/s fit, a flood that would keep a process busy only fanning out does not.
  { key: 'roomMessagesPerClient', variable: 'SSE_ROOM_CLIENT_RATE_LIMIT', min: 1, max: 10_000 },
  { key: 'roomMessagesPerRoom', variable: 'SSE_ROOM_RATE_LIMIT', min: 1, max: 10_000 },
  // /32 is the shortest prefix a provider is usually given; shorter would put a provider's subscribers into one client.
  { key: 'ipv6PrefixBits', variable: 'SSE_IPV6_PREFIX', min: 32, max: 128 },
];

export const defaultConfig: EndpointConfig = {
  heartbeatMs: 15_000,
  maxStreams: 5_000,
  maxStreamsPerClient: 6,
  maxQueuedBytes: 256 * 1024,
  echoRequestsPerMinute: 30,
  roomMessagesPerClient: 10,
  roomMessagesPerRoom: 100,
  ipv6PrefixBits: 64,
  trustedProxies: parseTrustedProxies(''),
  redisUrl: null,
};

/** A setting the process cannot start with; its message is meant to be printed as it is. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

function integerFromEnv(env: NodeJS.ProcessEnv, { key, variable, min, max }: IntegerSetting): number {
  const raw = env[variable];
  if (raw === undefined || raw === '') return defaultConfig[key];
  const value = /^\d{1,10}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= min && value <= max)) {
    throw new ConfigError(`${variable} must be an integer from ${min} to ${max}, got "${raw}".`);
  }
  return value;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): EndpointConfig {
  const numbers = Object.fromEntries(integerSettings.map((setting) => [setting.key, integerFromEnv(env, setting)]));
  let trustedProxies: TrustedProxies;
  try {
    trustedProxies = parseTrustedProxies(env['TRUST_PROXY'] ?? '');
  } catch (error) {
    throw new ConfigError(`TRUST_PROXY ${(error as Error).message}`);
  }
  return { ...(numbers as Omit<EndpointConfig, 'trustedProxies' | 'redisUrl'>), trustedProxies, redisUrl: redisUrlFromEnv(env) };
}

function redisUrlFromEnv(env: NodeJS.ProcessEnv): string | null {
  const raw = env['REDIS_URL'];
  if (raw === undefined || raw === '') return null;
  const protocol = URL.canParse(raw) ? new URL(raw).protocol : '';
  if (protocol !== 'redis:' && protocol !== 'rediss:') {
    throw new ConfigError(`REDIS_URL must be a redis:// or rediss:// URL such as "redis://127.0.0.1:6379", got "${raw}".`);
  }
  return raw;
}
