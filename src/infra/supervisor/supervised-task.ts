/** What kind of background work a task is; decides how the supervisor drives it. */
export type TaskKind = 'loop' | 'interval' | 'daily' | 'external';

/**
 * running: executing now (a loop is always running while healthy); idle: waiting for its next run;
 * backoff: failed, waiting to be restarted; degraded: failing repeatedly (still retried);
 * stopped: shut down.
 */
export type TaskState = 'running' | 'idle' | 'backoff' | 'degraded' | 'stopped';
export const TASK_STATES: readonly TaskState[] = ['running', 'idle', 'backoff', 'degraded', 'stopped'];

export interface TaskStatus {
  name: string;
  kind: TaskKind;
  description: string;
  state: TaskState;
  /** Epoch ms (the injected Clock) of the last successful run or, for loops, of the last healthy report. */
  lastSuccessAt: number | null;
  lastFailureAt: number | null;
  lastError: string | null;
  /** Failures since the last success. */
  consecutiveFailures: number;
  restarts: number;
  runs: number;
  /** Next scheduled run (interval and daily tasks), epoch ms. */
  nextRunAt: number | null;
}

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  /** Consecutive failures after which the task reports itself degraded. */
  degradedAfter: number;
}

/** The handle a task gets to report progress and to know it should stop. */
export interface TaskContext {
  readonly signal: AbortSignal;
  /** A loop calls this when it has made progress, so "last success" means something for never-ending work. */
  healthy(): void;
}

export type TaskBody = (context: TaskContext) => Promise<void>;

/** For tasks driven from outside the supervisor (one watchdog per socket, say): they report their outcomes. */
export interface TaskReporter {
  succeeded(): void;
  failed(error: unknown): void;
}
