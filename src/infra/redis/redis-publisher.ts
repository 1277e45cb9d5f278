import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { withDeadline } from '../../common/async/with-deadline.js';
import { AppConfig } from '../../config/index.js';
import type { RedisConfig } from '../../config/sections/redis.config.js';
import { BatchPublisher, type MessageHandler, type PublishResult } from './batch-publisher.js';
import { RedisMetrics } from './redis.metrics.js';

const JITTER_RATIO = 0.2;

/** Exponential backoff with jitter, capped; never gives up (the bus must recover by itself). */
export const reconnectDelay = (attempt: number, config: RedisConfig, random = Math.random): number => {
  const exponential = Math.min(config.reconnectMaxDelayMs, config.reconnectBaseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential * (1 - JITTER_RATIO + 2 * JITTER_RATIO * random()));
};

/**
 * Publishes through ioredis with auto-pipelining: every PUBLISH issued in the same event-loop turn goes
 * out as one pipeline, with no lock around the connection. While Redis is away, commands wait in a
 * bounded offline queue; beyond the bound a batch is dropped, counted and reported, never buffered.
 */
@Injectable()
export class RedisPublisher extends BatchPublisher implements OnApplicationShutdown {
  readonly mode = 'redis';
  private readonly logger = new Logger(RedisPublisher.name);
  private readonly client: Redis;
  private readonly subscriberConnections = new Set<Redis>();
  private readonly config: RedisConfig;
  private inFlight = 0;

  constructor(
    appConfig: AppConfig,
    private readonly metrics: RedisMetrics,
  ) {
    super();
    this.config = appConfig.get('redis');
    this.client = this.connect('publisher');
  }

  async publishBatch(channel: string, messages: readonly string[]): Promise<PublishResult> {
    if (messages.length === 0) {
      return { published: 0, dropped: 0 };
    }
    if (!this.isReady() && this.inFlight + messages.length > this.config.maxOfflineQueue) {
      this.metrics.recordDropped(messages.length);
      return { published: 0, dropped: messages.length };
    }
    const key = this.config.keyPrefix + channel;
    this.inFlight += messages.length;
    try {
      await Promise.all(messages.map((message) => this.client.publish(key, message)));
      this.metrics.recordPublished(messages.length);
      return { published: messages.length, dropped: 0 };
    } catch (error) {
      this.metrics.recordPublishError();
      throw error;
    } finally {
      this.inFlight -= messages.length;
    }
  }

  async ping(timeoutMs: number): Promise<number> {
    const started = performance.now();
    await withDeadline(this.client.ping(), timeoutMs, `Redis did not answer PING within ${timeoutMs} ms`);
    return performance.now() - started;
  }

  async subscribe(channel: string, handler: MessageHandler): Promise<() => Promise<void>> {
    const connection = this.connect('subscriber');
    this.subscriberConnections.add(connection);
    const key = this.config.keyPrefix + channel;
    connection.on('message', (received: string, message: string) => {
      if (received === key) {
        handler(channel, message);
      }
    });
    await connection.subscribe(key);
    return async () => {
      this.subscriberConnections.delete(connection);
      await connection.quit().catch(() => connection.disconnect());
    };
  }

  isReady(): boolean {
    return this.client.status === 'ready';
  }

  override describe(): Record<string, unknown> {
    return {
      mode: this.mode,
      connection: this.client.status,
      subscriberConnections: this.subscriberConnections.size,
      publishesInFlight: this.inFlight,
      maxOfflineQueue: this.config.maxOfflineQueue,
    };
  }

  async onApplicationShutdown(): Promise<void> {
    const connections = [this.client, ...this.subscriberConnections];
    await Promise.all(connections.map((c) => c.quit().catch(() => c.disconnect())));
    this.metrics.setState('closed');
  }

  private connect(role: 'publisher' | 'subscriber'): Redis {
    const client = new Redis(this.config.url ?? '', {
      enableAutoPipelining: true,
      commandTimeout: this.config.commandTimeoutMs,
      connectTimeout: this.config.connectTimeoutMs,
      // Fail queued commands per reconnect attempt instead of retrying them forever.
      maxRetriesPerRequest: 1,
      retryStrategy: (attempt) => reconnectDelay(attempt, this.config),
      lazyConnect: false,
    });
    if (role === 'publisher') {
      this.metrics.setState('connecting');
      client.on('ready', () => this.metrics.setState('ready'));
      client.on('reconnecting', () => this.metrics.setState('reconnecting'));
      client.on('close', () => this.metrics.setState('disconnected'));
      client.on('end', () => this.metrics.setState('closed'));
    }
    // One warning per outage, not one per reconnect attempt.
    let reported = false;
    client.on('ready', () => {
      if (reported) {
        this.logger.log({ role }, 'Redis connection restored');
      }
      reported = false;
    });
    client.on('error', (error: Error) => {
      if (!reported) {
        reported = true;
        this.logger.warn({ err: error, role }, 'Redis connection lost; reconnecting with backoff');
      }
    });
    return client;
  }
}
