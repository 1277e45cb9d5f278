import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../../config/index.js';
import { TaskSupervisor } from '../../infra/supervisor/index.js';
import { AccountSessionService } from './account-session.service.js';

export const SESSION_SWEEP = 'accounts-session-sweep';

/**
 * Runs the session sweep every KITE_SESSION_SWEEP_INTERVAL_MS under the TaskSupervisor (never two at once;
 * failures logged, counted and retried; state and last success in /health/details).
 */
@Injectable()
export class AccountsScheduler implements OnApplicationBootstrap {
  constructor(
    private readonly config: AppConfig,
    private readonly supervisor: TaskSupervisor,
    private readonly sessions: AccountSessionService,
  ) {}

  onApplicationBootstrap(): void {
    const { accounts, sessionSweepIntervalMs } = this.config.get('accounts');
    if (accounts.length > 0) {
      this.supervisor.every(
        SESSION_SWEEP,
        'Persists passed daily expiries, adopts sessions other instances stored, deletes expired login states',
        sessionSweepIntervalMs,
        () => this.sessions.sweep(),
      );
    }
  }
}
