import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../../config/index.js';
import { TaskSupervisor } from '../../infra/supervisor/index.js';
import { SessionOrchestrator } from '../accounts/index.js';
import { type ExchangeSyncResult, InstrumentSyncService } from './sync/instrument-sync.service.js';

export const DAILY_SYNC_TASK = 'instruments-daily-sync';

/**
 * Syncs the instrument master daily at INSTRUMENT_SYNC_TIME_IST (and at start, in the background) under
 * the TaskSupervisor: the IST time is read from the injected Clock, a failed sync is retried with backoff,
 * and its state and last success show in /health/details. Every replica schedules it; the sync's advisory
 * lock lets one of them do the work.
 */
@Injectable()
export class InstrumentsScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(InstrumentsScheduler.name);

  constructor(
    private readonly config: AppConfig,
    private readonly supervisor: TaskSupervisor,
    private readonly sync: InstrumentSyncService,
    private readonly orchestrator: SessionOrchestrator,
  ) {}

  onApplicationBootstrap(): void {
    if (this.orchestrator.accountCount === 0) {
      this.logger.log('No Kite account configured: the instrument master is not synced');
      return;
    }
    const { syncTimeIst, syncOnStart } = this.config.get('instruments');
    this.supervisor.dailyAtIst(
      DAILY_SYNC_TASK,
      'Downloads the configured exchanges instrument dumps and stores them',
      syncTimeIst,
      () => this.sync.syncAll().then(failIfAnyExchangeFailed),
    );
    if (syncOnStart) {
      // The supervisor logs and counts a failure and retries it with backoff.
      this.supervisor.runNow(DAILY_SYNC_TASK).catch(() => undefined);
    }
  }

  /** Lets a sync in progress (scheduled or asked for through the API) finish: its transaction needs the pool. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.sync.idle();
  }
}

/**
 * A sync counts as a success when every exchange was stored, here or by the replica that held the sync
 * lock (skipped: locked); otherwise the supervisor retries it.
 */
const failIfAnyExchangeFailed = (results: ExchangeSyncResult[]): void => {
  const failed = results.filter((result) => result.outcome !== 'ok' && result.outcome !== 'skipped');
  if (failed.length > 0) {
    throw new Error(
      failed.map((result) => `${result.exchange}: ${result.outcome} (${result.error ?? 'no detail'})`).join('; '),
    );
  }
};
