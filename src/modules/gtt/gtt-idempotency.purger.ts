import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { Clock } from '../../common/time/index.js';
import { AppConfig } from '../../config/index.js';
import { TaskSupervisor } from '../../infra/supervisor/index.js';
import { SessionOrchestrator } from '../accounts/index.js';
import { GttMetrics } from './gtt.metrics.js';
import { GttIdempotencyRepository } from './persistence/gtt-idempotency.repository.js';

const TASK = 'gtt-idempotency-purge';

/** Deletes idempotency records past their retention, under the task supervisor. */
@Injectable()
export class GttIdempotencyPurger implements OnApplicationBootstrap {
  constructor(
    private readonly supervisor: TaskSupervisor,
    private readonly records: GttIdempotencyRepository,
    private readonly clock: Clock,
    private readonly metrics: GttMetrics,
    private readonly config: AppConfig,
    private readonly orchestrator: SessionOrchestrator,
  ) {}

  onApplicationBootstrap(): void {
    // Without a Kite account no GTT can be placed, so there is nothing to expire.
    if (this.orchestrator.accountCount === 0) {
      return;
    }
    this.supervisor.every(
      TASK,
      'Deletes GTT idempotency records older than GTT_IDEMPOTENCY_RETENTION_HOURS',
      this.config.get('gtt').idempotencyPurgeIntervalMs,
      () => this.purge().then(() => undefined),
      { runAtStart: true },
    );
  }

  async purge(): Promise<number> {
    const purged = await this.records.purgeExpired(this.clock.nowDate());
    this.metrics.purgedRecords(purged);
    return purged;
  }
}
