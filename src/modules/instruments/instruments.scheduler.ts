import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { AppConfig } from '../../config/index.js';
import { IST_TIME_ZONE, SessionOrchestrator } from '../accounts/index.js';
import { InstrumentSyncService } from './sync/instrument-sync.service.js';

const DAILY_SYNC_JOB = 'instruments-daily-sync';

/** Syncs the instrument master at start (in the background) and daily at INSTRUMENT_SYNC_TIME_IST. */
@Injectable()
export class InstrumentsScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(InstrumentsScheduler.name);

  constructor(
    private readonly config: AppConfig,
    private readonly registry: SchedulerRegistry,
    private readonly sync: InstrumentSyncService,
    private readonly orchestrator: SessionOrchestrator,
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
    if (syncOnStart) {
      this.run('start-up');
    }
  }

  /** Stops the schedule and lets a sync in progress finish (its transaction needs the database pool). */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.registry.doesExist('cron', DAILY_SYNC_JOB)) {
      this.registry.deleteCronJob(DAILY_SYNC_JOB);
    }
    await this.sync.idle();
  }

  private run(trigger: string): void {
    this.sync.syncAll().catch((error: unknown) => {
      this.logger.error({ err: error, trigger }, 'Instrument sync failed');
    });
  }
}
