import { type BeforeApplicationShutdown, Injectable, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../../../config/index.js';
import { TaskSupervisor } from '../../../infra/supervisor/index.js';
import { AuthMetrics } from '../auth.metrics.js';
import { ApiKeyStore } from './api-key.store.js';

/**
 * Remembers when each key was last used and writes them all in one UPDATE per interval, so a busy key
 * costs no database write per request. Bounded: when the pending set is full, updates for keys not yet
 * in it are dropped (counted) until the next flush; keys already pending keep being updated.
 */
@Injectable()
export class LastUsedTracker implements OnModuleInit, BeforeApplicationShutdown {
  private pending = new Map<string, number>();
  private readonly flushIntervalMs: number;
  private readonly maxPending: number;

  constructor(
    config: AppConfig,
    private readonly store: ApiKeyStore,
    private readonly metrics: AuthMetrics,
    private readonly supervisor: TaskSupervisor,
  ) {
    ({ flushIntervalMs: this.flushIntervalMs, maxPending: this.maxPending } = config.get('auth').lastUsed);
  }

  onModuleInit(): void {
    this.supervisor.every(
      'api-key-last-used',
      'Writes API key last-used times in one batch',
      this.flushIntervalMs,
      () => this.flush(),
    );
  }

  // Before, not on, shutdown: TypeORM closes its pool in its own onApplicationShutdown.
  async beforeApplicationShutdown(): Promise<void> {
    await this.flush().catch(() => undefined);
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

  /** Writes what is pending; on failure the entries are merged back (still bounded) and the error rethrown. */
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
      for (const [keyId, atMs] of batch) {
        this.touch(keyId, atMs);
      }
      throw error;
    }
    this.metrics.lastUsedPending.set(this.pending.size);
  }
}
