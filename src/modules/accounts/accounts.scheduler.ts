import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppConfig } from '../../config/index.js';
import { BackgroundJobs, type JobStatus } from '../../infra/health/index.js';
import { AccountSessionService } from './account-session.service.js';

const SESSION_SWEEP = 'accounts-session-sweep';

/** Runs the session sweep every KITE_SESSION_SWEEP_INTERVAL_MS (never two at once). */
@Injectable()
export class AccountsScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(AccountsScheduler.name);
  private running: Promise<void> | undefined;
  private job: JobStatus | undefined;

  constructor(
    private readonly config: AppConfig,
    private readonly scheduler: SchedulerRegistry,
    private readonly sessions: AccountSessionService,
    private readonly jobs: BackgroundJobs,
  ) {}

  onApplicationBootstrap(): void {
    const { accounts, sessionSweepIntervalMs } = this.config.get('accounts');
    if (accounts.length > 0) {
      this.job = this.jobs.register(SESSION_SWEEP, `every ${sessionSweepIntervalMs} ms`);
      this.scheduler.addInterval(
        SESSION_SWEEP,
        setInterval(() => this.sweep(), sessionSweepIntervalMs),
      );
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.scheduler.doesExist('interval', SESSION_SWEEP)) {
      this.scheduler.deleteInterval(SESSION_SWEEP);
    }
    this.job?.stop();
    await this.running;
  }

  private sweep(): void {
    const job = this.job;
    this.running ??= (job ? job.track(() => this.sessions.sweep()) : this.sessions.sweep())
      .catch((error: unknown) => this.logger.error({ err: error }, 'Account session sweep failed'))
      .finally(() => {
        this.running = undefined;
      });
  }
}
