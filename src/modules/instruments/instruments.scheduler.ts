import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { AppConfig } from '../../config/index.js';
import { BackgroundJobs, type JobStatus } from '../../infra/health/index.js';
import { IST_TIME_ZONE, SessionOrchestrator } from '../accounts/index.js';
import { type ExchangeSyncResult, InstrumentSyncService } from './sync/instrument-sync.service.js';

const DAILY_SYNC_JOB = 'instruments-daily-sync';

/** Syncs the instrument master at start (in the background) and daily at INSTRUMENT_SYNC_TIME_IST. */
@Injectable()
export class InstrumentsScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(InstrumentsScheduler.name);
  private job: JobStatus | undefined;

  constructor(
    private readonly config: AppConfig,
    private readonly registry: SchedulerRegistry,
    private readonly sync: InstrumentSyncService,
    private readonly orchestrator: SessionOrchestrator,
    private readonly jobs: BackgroundJobs,
  ) {}

  onApplicationBootstrap(): void {
    if (this.orchestrator.accountCount === 0) {
      this.logger.log('No Kite account configured: the instrument master is not synced');
      return;
    }
    const { syncTimeIst, syncOnStart } = this.config.get('instruments');
    // The time is configuration, so the job is registered here rather than with a static @Cron.
    const job = CronJob.from({
      cronTime: `0 ${syncTimeIst.minute} ${syncTimeIst.hour} * * *`,
      timeZone: IST_TIME_ZONE,
      onTick: () => this.run('daily'),
      start: true,
    });
    this.registry.addCronJob(DAILY_SYNC_JOB, job);
    this.job = this.jobs.register(
      DAILY_SYNC_JOB,
      `daily at ${String(syncTimeIst.hour).padStart(2, '0')}:${String(syncTimeIst.minute).padStart(2, '0')} IST` +
        (syncOnStart ? ' and at start-up' : ''),
      () => job.nextDate().toMillis(),
    );
    if (syncOnStart) {
      this.run('start-up');
    }
  }

  /** Stops the schedule and lets a sync in progress finish (its transaction needs the database pool). */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.registry.doesExist('cron', DAILY_SYNC_JOB)) {
      this.registry.deleteCronJob(DAILY_SYNC_JOB);
    }
    this.job?.stop();
    await this.sync.idle();
  }

  private run(trigger: string): void {
    const job = this.job;
    const sync = () => this.sync.syncAll().then(failIfAnyExchangeFailed);
    (job ? job.track(sync) : sync()).catch((error: unknown) => {
      if (error instanceof IncompleteSyncError) {
        return; // each failed exchange was logged by the sync itself
      }
      this.logger.error({ err: error, trigger }, 'Instrument sync failed');
    });
  }
}

class IncompleteSyncError extends Error {}

/** A sync counts as a success of the job only when every exchange was stored. */
const failIfAnyExchangeFailed = (results: ExchangeSyncResult[]): void => {
  const failed = results.filter((result) => result.outcome !== 'ok');
  if (failed.length > 0) {
    throw new IncompleteSyncError(
      failed.map((result) => `${result.exchange}: ${result.outcome} (${result.error ?? 'no detail'})`).join('; '),
    );
  }
};
