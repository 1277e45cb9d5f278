import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Clock } from '../../common/time/index.js';
import { AppConfig } from '../../config/index.js';
import { TaskSupervisor } from '../../infra/supervisor/index.js';
import type { AuditConfig } from '../../config/sections/audit.config.js';
import { AuditMetrics } from './audit.metrics.js';
import { AuditStore } from './audit.store.js';

const DAY_MS = 86_400_000;

/**
 * Deletes audit rows older than AUDIT_RETENTION_DAYS, in bounded batches; one replica at a time. Runs under
 * the TaskSupervisor: a failed sweep is logged, counted and retried with backoff.
 */
@Injectable()
export class AuditRetention implements OnModuleInit {
  private readonly logger = new Logger(AuditRetention.name);
  private readonly config: AuditConfig;
  private running: Promise<number> | undefined;

  constructor(
    appConfig: AppConfig,
    private readonly store: AuditStore,
    private readonly clock: Clock,
    private readonly metrics: AuditMetrics,
    private readonly supervisor: TaskSupervisor,
  ) {
    this.config = appConfig.get('audit');
  }

  onModuleInit(): void {
    this.supervisor.every(
      'audit-retention',
      `Deletes audit_log rows older than ${this.config.retentionDays} days`,
      this.config.retentionSweepIntervalMs,
      async () => {
        await this.sweep();
      },
    );
  }

  /** One sweep; resolves to the rows deleted (0 when another replica holds the lock); rejects on failure. */
  sweep(): Promise<number> {
    this.running ??= this.deleteExpired().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async deleteExpired(): Promise<number> {
    const cutoff = new Date(this.clock.now() - this.config.retentionDays * DAY_MS);
    let total = 0;
    for (;;) {
      const deleted = await this.store.deleteOlderThan(cutoff, this.config.retentionBatchSize);
      total += deleted ?? 0;
      this.metrics.retentionDeleted.inc(deleted ?? 0);
      if (deleted === undefined || deleted < this.config.retentionBatchSize) {
        break;
      }
    }
    if (total > 0) {
      this.logger.log({ deleted: total, cutoff: cutoff.toISOString() }, 'Audit retention removed old entries');
    }
    return total;
  }
}
