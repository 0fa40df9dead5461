import { describe, expect, it } from 'vitest';
import { ConfigError, configFromEnv, defaultConfig, integerSettings } from '../../../src/server/config.ts';

describe('the endpoint configuration', () => {
  it('has the documented defaults when nothing is set', () => {
    expect(configFromEnv({})).toMatchObject({
      heartbeatMs: 15_000,
      maxStreams: 5_000,
      maxStreamsPerClient: 6,
      maxQueuedBytes: 256 * 1024,
      echoRequestsPerMinute: 30,
    });
    expect(defaultConfig.trustedProxies.entries).toEqual([]);
  });

  it('reads every variable within its range', () => {
    const config = configFromEnv({ SSE_HEARTBEAT_MS: '2000', SSE_MAX_STREAMS_PER_CLIENT: '20', TRUST_PROXY: '127.0.0.1' });
    expect(config.heartbeatMs).toBe(2000);
    expect(config.maxStreamsPerClient).toBe(20);
    expect(config.trustedProxies.has('127.0.0.1')).toBe(true);
  });

  it('reads the room rate limits, defaulting to 10 per client and 100 in all per 10 s', () => {
    expect(configFromEnv({})).toMatchObject({ roomMessagesPerClient: 10, roomMessagesPerRoom: 100 });
    const config = configFromEnv({ SSE_ROOM_CLIENT_RATE_LIMIT: '2000', SSE_ROOM_RATE_LIMIT: '10000' });
    expect(config).toMatchObject({ roomMessagesPerClient: 2000, roomMessagesPerRoom: 10_000 });
    expect(() => configFromEnv({ SSE_ROOM_RATE_LIMIT: '10001' })).toThrow(
      new ConfigError('SSE_ROOM_RATE_LIMIT must be an integer from 1 to 10000, got "10001".'),
    );
  });

  it('groups IPv6 clients by /64 unless SSE_IPV6_PREFIX says otherwise', () => {
    expect(configFromEnv({}).ipv6PrefixBits).toBe(64);
    expect(configFromEnv({ SSE_IPV6_PREFIX: '48' }).ipv6PrefixBits).toBe(48);
    expect(() => configFromEnv({ SSE_IPV6_PREFIX: '129' })).toThrow(
      new ConfigError('SSE_IPV6_PREFIX must be an integer from 32 to 128, got "129".'),
    );
  });

  it('refuses a heartbeat that would overflow the timer, naming the variable and its range', () => {
    expect(() => configFromEnv({ SSE_HEARTBEAT_MS: '3000000000' })).toThrow(
      new ConfigError('SSE_HEARTBEAT_MS must be an integer from 1000 to 3600000, got "3000000000".'),
    );
  });

  it.each(integerSettings.flatMap(({ variable, min, max }) => [
    [variable, String(min - 1)],
    [variable, String(max + 1)],
    [variable, '12abc'],
    [variable, '-5'],
    [variable, '1e3'],
  ]))('refuses %s=%s', (variable, value) => {
    expect(() => configFromEnv({ [variable]: value })).toThrow(new RegExp(`^${variable} must be an integer from \\d+ to \\d+, got "${value}"\\.$`));
  });

  it('refuses a TRUST_PROXY entry that is not an address or range', () => {
    expect(() => configFromEnv({ TRUST_PROXY: '127.0.0.1, proxy.local' })).toThrow(/^TRUST_PROXY must list IP addresses .* got "proxy.local"\.$/);
  });

  it('takes a redis:// URL for the room and refuses anything else, naming REDIS_URL', () => {
    expect(configFromEnv({}).redisUrl).toBeNull();
    expect(configFromEnv({ REDIS_URL: 'redis://127.0.0.1:6379' }).redisUrl).toBe('redis://127.0.0.1:6379');
    expect(() => configFromEnv({ REDIS_URL: '127.0.0.1:6379' })).toThrow(/^REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/);
  });
});
