import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '../../../config/index.js';
import { reconnectDelay } from '../../../infra/redis/index.js';
import { AccountsMetrics } from '../accounts.metrics.js';
import { MemoryRateLimitStore, type RateLimitStore, RedisRateLimitStore } from './rate-limit-store.js';

const KEY_NAMESPACE = 'kite-rate:';

/**
 * The store behind Kite pacing: Redis when REDIS_URL is set (a connection of its own, which never queues
 * commands while disconnected, so a Redis outage turns into an immediate in-process fallback rather than
 * a wait), in-process memory otherwise.
 */
@Injectable()
export class KiteRateLimitStoreProvider implements OnApplicationShutdown {
  readonly store: RateLimitStore;
  private readonly logger = new Logger(KiteRateLimitStoreProvider.name);
  private readonly client: Redis | undefined;
  private fallbackLogged = false;

  constructor(config: AppConfig, metrics: AccountsMetrics) {
    const redis = config.get('redis');
    if (redis.url === undefined) {
      this.store = new MemoryRateLimitStore();
      metrics.setRateLimitShared(false);
      return;
    }
    const client = new Redis(redis.url, {
      connectionName: 'ticker-kite-rate-limits',
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: redis.connectTimeoutMs,
      commandTimeout: redis.commandTimeoutMs,
      retryStrategy: (attempt) => reconnectDelay(attempt, redis),
    });
    client.on('ready', () => {
      metrics.setRateLimitShared(true);
      if (this.fallbackLogged) {
        this.logger.log('Kite rate limits are shared through Redis again');
      }
      this.fallbackLogged = false;
    });
    client.on('close', () => metrics.setRateLimitShared(false));
    client.on('error', (error: Error) => {
      if (!this.fallbackLogged) {
        this.fallbackLogged = true;
        this.logger.warn({ err: error }, 'Redis unreachable: Kite rate limits are counted in this process only');
      }
    });
    metrics.setRateLimitShared(false);
    this.client = client;
    this.store = new RedisRateLimitStore(client, `${redis.keyPrefix}${KEY_NAMESPACE}`, () =>
      metrics.recordRateLimitFallback(),
    );
  }

  onApplicationShutdown(): void {
    this.client?.disconnect();
  }
}
