import type { Redis } from 'ioredis';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';

/**
 * rate-limiter-flexible's stock Redis script sets the key's expiry in whole seconds (EX), which would
 * drop the sub-second safety margin of Kite's 1-second windows. This is the same script with a
 * millisecond expiry (PX) taken from the limiter's own duration (ARGV[4], in seconds). Every limiter
 * on the connection must run the same script: the library registers it under one command name.
 */
const INCR_WITH_MS_TTL = `
local ttlMs = math.floor(tonumber(ARGV[4]) * 1000)
redis.call('set', KEYS[1], 0, 'PX', ttlMs, 'NX')
local consumed = redis.call('incrby', KEYS[1], ARGV[1])
local ttl = redis.call('pttl', KEYS[1])
if ttl == -1 then
  redis.call('pexpire', KEYS[1], ttlMs)
  ttl = ttlMs
end
return {consumed, ttl}
`;

export interface CounterSpec {
  /** Distinguishes the counters of one window; appended to the store's prefix. */
  keyPrefix: string;
  points: number;
  durationMs: number;
}

/** Where the pacing counters live: shared by every instance (Redis) or private to this one (memory). */
export interface RateLimitStore {
  readonly kind: 'redis' | 'memory';
  create(spec: CounterSpec): RateLimiterAbstract;
}

export class MemoryRateLimitStore implements RateLimitStore {
  readonly kind = 'memory';
  create(spec: CounterSpec): RateLimiterAbstract {
    return new RateLimiterMemory({ keyPrefix: spec.keyPrefix, points: spec.points, duration: spec.durationMs / 1000 });
  }
}

/** Called on every operation the in-process insurance limiter takes over while Redis cannot answer. */
export type FallbackListener = () => void;

/** The in-process limiter rate-limiter-flexible falls back to; it reports each time it is used. */
class InsuranceLimiter extends RateLimiterMemory {
  constructor(
    options: ConstructorParameters<typeof RateLimiterMemory>[0],
    private readonly onUse: FallbackListener,
  ) {
    super(options);
  }

  override consume(...args: Parameters<RateLimiterMemory['consume']>) {
    this.onUse();
    return super.consume(...args);
  }

  override reward(...args: Parameters<RateLimiterMemory['reward']>) {
    this.onUse();
    return super.reward(...args);
  }

  override block(...args: Parameters<RateLimiterMemory['block']>) {
    this.onUse();
    return super.block(...args);
  }
}

/**
 * Counters in Redis, shared by every instance using the same API key. While Redis is unreachable each
 * operation falls back at once (the connection is checked before sending) to an in-process limiter with
 * the same limits: pacing goes on, but instances no longer see each other's calls until Redis is back.
 */
export class RedisRateLimitStore implements RateLimitStore {
  readonly kind = 'redis';

  constructor(
    private readonly client: Redis,
    private readonly prefix: string,
    private readonly onFallback: FallbackListener,
  ) {}

  create(spec: CounterSpec): RateLimiterAbstract {
    const options = {
      keyPrefix: `${this.prefix}${spec.keyPrefix}`,
      points: spec.points,
      duration: spec.durationMs / 1000,
    };
    return new RateLimiterRedis({
      ...options,
      storeClient: this.client,
      rejectIfRedisNotReady: true,
      customIncrTtlLuaScript: INCR_WITH_MS_TTL,
      insuranceLimiter: new InsuranceLimiter(options, this.onFallback),
    });
  }
}
