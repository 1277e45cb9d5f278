import { Injectable, type OnModuleInit } from '@nestjs/common';
import { redactUrlCredentials } from '../../common/logging/redaction.js';
import { type TaskStatus, TaskSupervisor } from '../supervisor/index.js';
import { HealthDetailsRegistry } from './health-details-registry.js';

export const BACKGROUND_TASKS_DETAILS = 'backgroundTasks';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** The backgroundTasks section of /health/details: every supervised task, its state and last success. */
@Injectable()
export class BackgroundTasksDetails implements OnModuleInit {
  constructor(
    private readonly details: HealthDetailsRegistry,
    private readonly supervisor: TaskSupervisor,
  ) {}

  onModuleInit(): void {
    this.details.register(BACKGROUND_TASKS_DETAILS, () => this.describe());
  }

  describe(): Record<string, Omit<TaskStatus, 'lastSuccessAt' | 'lastFailureAt' | 'nextRunAt'> & Times> {
    return Object.fromEntries(
      this.supervisor.status().map((status) => [
        status.name,
        {
          ...status,
          // Messages only, with any URL credentials masked.
          lastError: status.lastError === null ? null : redactUrlCredentials(status.lastError),
          lastSuccessAt: iso(status.lastSuccessAt),
          lastFailureAt: iso(status.lastFailureAt),
          nextRunAt: iso(status.nextRunAt),
        },
      ]),
    );
  }
}

interface Times {
  lastSuccessAt: string | null;
  lastFailureAt: string | null;
  nextRunAt: string | null;
}
