import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Clock } from '../../common/time/index.js';
import { AppConfig } from '../../config/index.js';
import type { AuditConfig } from '../../config/sections/audit.config.js';
import { AuditMetrics } from './audit.metrics.js';
import { AuditStore } from './audit.store.js';

const DAY_MS = 86_400_000;

/** Deletes audit rows older than AUDIT_RETENTION_DAYS, in bounded batches; one replica at a time. */
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
    private readonly scheduler: SchedulerRegistry,
  ) {
    this.config = appConfig.get('audit');
  }

  // Registered with the scheduler, so graceful shutdown stops it with the other jobs, before the pool closes.
  onModuleInit(): void {
    const timer = setInterval(() => void this.sweep(), this.config.retentionSweepIntervalMs);
    timer.unref();
    this.scheduler.addInterval(AuditRetention.name, timer);
  }

  /** One sweep; resolves to the rows deleted (0 when another replica holds the lock or on failure). */
  sweep(): Promise<number> {
    this.running ??= this.deleteExpired().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async deleteExpired(): Promise<number> {
    const cutoff = new Date(this.clock.now() - this.config.retentionDays * DAY_MS);
    let total = 0;
    try {
      for (;;) {
        const deleted = await this.store.deleteOlderThan(cutoff, this.config.retentionBatchSize);
        total += deleted ?? 0;
        this.metrics.retentionDeleted.inc(deleted ?? 0);
        if (deleted === undefined || deleted < this.config.retentionBatchSize) {
          break;
        }
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'Audit retention sweep failed; next sweep will retry');
    }
    if (total > 0) {
      this.logger.log({ deleted: total, cutoff: cutoff.toISOString() }, 'Audit retention removed old entries');
    }
    return total;
  }
}
