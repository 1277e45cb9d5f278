import { type BeforeApplicationShutdown, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../../../config/index.js';
import { AuthMetrics } from '../auth.metrics.js';
import { ApiKeyStore } from './api-key.store.js';

/**
 * Remembers when each key was last used and writes them all in one UPDATE per interval, so a busy key
 * costs no database write per request. Bounded: when the pending set is full, updates for keys not yet
 * in it are dropped (counted) until the next flush; keys already pending keep being updated.
 */
@Injectable()
export class LastUsedTracker implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(LastUsedTracker.name);
  private pending = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private readonly flushIntervalMs: number;
  private readonly maxPending: number;

  constructor(
    config: AppConfig,
    private readonly store: ApiKeyStore,
    private readonly metrics: AuthMetrics,
  ) {
    ({ flushIntervalMs: this.flushIntervalMs, maxPending: this.maxPending } = config.get('auth').lastUsed);
  }

  onModuleInit(): void {
    this.timer = setInterval(() => void this.flush(), this.flushIntervalMs);
    this.timer.unref();
  }

  // Before, not on, shutdown: TypeORM closes its pool in its own onApplicationShutdown.
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  touch(keyId: string, atMs: number): void {
    const previous = this.pending.get(keyId);
    if (previous === undefined && this.pending.size >= this.maxPending) {
      this.metrics.lastUsedDropped.inc();
      return;
    }
    this.pending.set(keyId, Math.max(previous ?? atMs, atMs));
    this.metrics.lastUsedPending.set(this.pending.size);
  }

  /** Writes what is pending; on failure the entries are merged back (still bounded) for the next attempt. */
  async flush(): Promise<void> {
    if (this.pending.size === 0) {
      return;
    }
    const batch = this.pending;
    this.pending = new Map();
    try {
      await this.store.recordLastUsed(batch);
    } catch (error) {
      this.metrics.lastUsedFlushFailures.inc();
      this.logger.warn({ err: error, keys: batch.size }, 'Could not record API key last-used times; will retry');
      for (const [keyId, atMs] of batch) {
        this.touch(keyId, atMs);
      }
    }
    this.metrics.lastUsedPending.set(this.pending.size);
  }
}
