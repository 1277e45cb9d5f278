import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Clock } from '../../common/time/index.js';
import { redactUrlCredentials } from '../../common/logging/redaction.js';
import { HealthDetailsRegistry } from './health-details-registry.js';

export const BACKGROUND_JOBS_DETAILS = 'backgroundJobs';

export type JobState = 'idle' | 'running' | 'stopped';

export interface JobSnapshot {
  schedule: string;
  state: JobState;
  runs: number;
  failures: number;
  consecutiveFailures: number;
  lastStartedAt: string | null;
  lastSuccessAt: string | null;
  lastFailureAt: string | null;
  lastError: string | null;
  nextRunAt: string | null;
}

/** One background job's record: what it is doing and when it last succeeded. */
export class JobStatus {
  private state: JobState = 'idle';
  private runs = 0;
  private failures = 0;
  private consecutiveFailures = 0;
  private lastStartedAt: number | null = null;
  private lastSuccessAt: number | null = null;
  private lastFailureAt: number | null = null;
  private lastError: string | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly schedule: string,
    private readonly nextRun: () => number | null,
  ) {}

  /** Records a run of `work` (started now) and passes its outcome through. */
  async track<T>(work: () => Promise<T>): Promise<T> {
    this.state = 'running';
    this.runs += 1;
    this.lastStartedAt = this.clock.now();
    try {
      const result = await work();
      this.lastSuccessAt = this.clock.now();
      this.consecutiveFailures = 0;
      return result;
    } catch (error) {
      this.failures += 1;
      this.consecutiveFailures += 1;
      this.lastFailureAt = this.clock.now();
      // Messages only (no stacks), with any URL credentials masked.
      this.lastError = redactUrlCredentials(error instanceof Error ? error.message : String(error));
      throw error;
    } finally {
      if (this.state === 'running') {
        this.state = 'idle';
      }
    }
  }

  stop(): void {
    this.state = 'stopped';
  }

  snapshot(): JobSnapshot {
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    return {
      schedule: this.schedule,
      state: this.state,
      runs: this.runs,
      failures: this.failures,
      consecutiveFailures: this.consecutiveFailures,
      lastStartedAt: iso(this.lastStartedAt),
      lastSuccessAt: iso(this.lastSuccessAt),
      lastFailureAt: iso(this.lastFailureAt),
      lastError: this.lastError,
      nextRunAt: this.state === 'stopped' ? null : iso(this.nextRun()),
    };
  }
}

/**
 * The background jobs of this instance (session sweep, instrument sync, …), shown in /health/details.
 * Schedulers create their job here once at start, so the map is bounded by the schedulers' job names.
 */
@Injectable()
export class BackgroundJobs implements OnModuleInit {
  private readonly jobs = new Map<string, JobStatus>();

  constructor(
    private readonly clock: Clock,
    private readonly details: HealthDetailsRegistry,
  ) {}

  onModuleInit(): void {
    this.details.register(BACKGROUND_JOBS_DETAILS, () =>
      Object.fromEntries([...this.jobs].map(([name, job]) => [name, job.snapshot()])),
    );
  }

  /** `schedule` describes when it runs (shown as is); `nextRun` says when it runs next, if known. */
  register(name: string, schedule: string, nextRun: () => number | null = () => null): JobStatus {
    const job = new JobStatus(this.clock, schedule, nextRun);
    this.jobs.set(name, job);
    return job;
  }
}
