import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { Clock, ControllableClock } from '../../common/time/index.js';
import { AppConfig } from '../../config/index.js';
import { nextIstTime } from '../../common/time/index.js';
import { backoffDelayMs } from './backoff.js';
import type {
  BackoffPolicy,
  TaskBody,
  TaskContext,
  TaskKind,
  TaskReporter,
  TaskState,
  TaskStatus,
} from './supervised-task.js';
import { SupervisorMetrics } from './supervisor.metrics.js';

interface IstTimeOfDay {
  hour: number;
  minute: number;
}

interface Task {
  status: TaskStatus;
  body?: TaskBody;
  intervalMs?: number;
  dailyAt?: IstTimeOfDay;
  /** The clock instant the next daily run is due (unset while a failed run waits for its retry). */
  dueAtMs?: number;
  timer?: NodeJS.Timeout;
  abort?: AbortController;
  /** The run in progress, so runNow() joins it and shutdown awaits it. */
  current?: Promise<void>;
}

export class DuplicateTaskError extends Error {
  constructor(name: string) {
    super(`A background task named ${name} is already registered`);
  }
}

export class UnknownTaskError extends Error {
  constructor(name: string) {
    super(`No background task named ${name}`);
  }
}

/**
 * Every long-running loop and scheduled job runs under this supervisor: failures are caught, logged with
 * the task's name, counted, and the task restarted with backoff; a task that keeps failing reports itself
 * degraded. Its status is what /health/details and the ticker_background_task_* metrics show.
 */
@Injectable()
export class TaskSupervisor implements BeforeApplicationShutdown {
  private readonly logger = new Logger(TaskSupervisor.name);
  private readonly tasks = new Map<string, Task>();
  private readonly policy: BackoffPolicy;
  private stopping = false;

  constructor(
    private readonly clock: Clock,
    private readonly metrics: SupervisorMetrics,
    config: AppConfig,
  ) {
    this.policy = config.get('supervisor');
    if (clock instanceof ControllableClock) {
      // A jump of a pinned clock (tests, demos) moves the next daily run with it.
      clock.onChange(() => this.rearmDailyTasks());
    }
  }

  /** Never-ending work (a socket, a generator): `body` runs until its signal aborts; a throw or an early return restarts it. */
  loop(name: string, description: string, body: TaskBody): void {
    const task = this.add(name, 'loop', description, { body });
    this.start(task, 0);
  }

  /** Periodic work, never overlapping; after a failure the next attempt comes sooner (backoff, capped by the interval). */
  every(
    name: string,
    description: string,
    intervalMs: number,
    body: TaskBody,
    options: { runAtStart?: boolean } = {},
  ): void {
    const task = this.add(name, 'interval', description, { body, intervalMs });
    this.start(task, options.runAtStart ? 0 : intervalMs);
  }

  /** Once a day at an IST wall-clock time read from the injected Clock; retried with backoff until it succeeds. */
  dailyAtIst(name: string, description: string, time: IstTimeOfDay, body: TaskBody): void {
    const task = this.add(name, 'daily', description, { body, dailyAt: time });
    this.scheduleDaily(task);
  }

  /** Work driven from elsewhere (e.g. one watchdog per connection) that reports its own outcomes. */
  external(name: string, description: string): TaskReporter {
    const task = this.tasks.get(name) ?? this.add(name, 'external', description, {});
    this.setState(task, 'running');
    return {
      succeeded: () => this.recordSuccess(task),
      failed: (error) => this.recordFailure(task, error),
    };
  }

  /** Runs a scheduled task now, through the same bookkeeping; joins a run already in progress. */
  async runNow(name: string): Promise<void> {
    const task = this.require(name);
    if (task.current) {
      return task.current;
    }
    if (!task.body || task.status.kind === 'loop') {
      throw new UnknownTaskError(name);
    }
    clearTimeout(task.timer);
    return this.execute(task);
  }

  /** Stops one task (e.g. a connection's loop when its account is removed). */
  async stop(name: string): Promise<void> {
    const task = this.tasks.get(name);
    if (!task) {
      return;
    }
    this.halt(task);
    await task.current?.catch(() => undefined);
    this.tasks.delete(name);
  }

  status(): TaskStatus[] {
    return [...this.tasks.values()].map((task) => ({ ...task.status }));
  }

  /** Degraded tasks: what /health/details and alerts call out. */
  degraded(): TaskStatus[] {
    return this.status().filter((status) => status.state === 'degraded');
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    const running: Promise<void>[] = [];
    for (const task of this.tasks.values()) {
      this.halt(task);
      if (task.current) {
        running.push(task.current.catch(() => undefined));
      }
    }
    await Promise.all(running);
  }

  private add(name: string, kind: TaskKind, description: string, fields: Partial<Task>): Task {
    if (this.tasks.has(name)) {
      throw new DuplicateTaskError(name);
    }
    const task: Task = {
      ...fields,
      status: {
        name,
        kind,
        description,
        state: 'idle',
        lastSuccessAt: null,
        lastFailureAt: null,
        lastError: null,
        consecutiveFailures: 0,
        restarts: 0,
        runs: 0,
        nextRunAt: null,
      },
    };
    this.tasks.set(name, task);
    this.metrics.registered(name);
    this.metrics.setState(name, 'idle');
    return task;
  }

  private start(task: Task, delayMs: number): void {
    if (this.stopping || task.status.state === 'stopped') {
      return;
    }
    clearTimeout(task.timer);
    task.status.nextRunAt = this.clock.now() + delayMs;
    task.timer = setTimeout(() => void this.execute(task).catch(() => undefined), delayMs);
    task.timer.unref();
  }

  private execute(task: Task): Promise<void> {
    const abort = new AbortController();
    task.abort = abort;
    task.status.nextRunAt = null;
    task.status.runs += 1;
    this.setState(task, 'running');
    const context: TaskContext = { signal: abort.signal, healthy: () => this.recordProgress(task) };
    const run = (async () => {
      try {
        await task.body!(context);
        if (task.status.state === 'stopped') {
          return;
        }
        if (task.status.kind === 'loop') {
          throw new Error('the loop returned without being stopped');
        }
        this.recordSuccess(task);
        this.scheduleNext(task, false);
      } catch (error) {
        if (task.status.state === 'stopped') {
          return;
        }
        this.recordFailure(task, error);
        this.scheduleNext(task, true);
        throw error;
      } finally {
        task.current = undefined;
      }
    })();
    task.current = run;
    return run;
  }

  private scheduleNext(task: Task, failed: boolean): void {
    const retryMs = failed ? backoffDelayMs(this.policy, task.status.consecutiveFailures) : undefined;
    switch (task.status.kind) {
      case 'loop':
        task.status.restarts += 1;
        this.metrics.restarted(task.status.name);
        this.start(task, retryMs ?? this.policy.initialMs);
        break;
      case 'interval':
        this.start(task, Math.min(task.intervalMs!, retryMs ?? task.intervalMs!));
        break;
      case 'daily':
        if (retryMs === undefined) {
          this.scheduleDaily(task);
        } else {
          task.dueAtMs = undefined;
          this.start(task, retryMs);
        }
        break;
      case 'external':
        break;
    }
    if (!failed && task.status.state === 'running' && task.status.kind !== 'loop') {
      this.setState(task, 'idle');
    }
  }

  private recordSuccess(task: Task): void {
    const now = this.clock.now();
    task.status.lastSuccessAt = now;
    task.status.consecutiveFailures = 0;
    this.metrics.succeeded(task.status.name, now);
    if (task.status.state !== 'stopped') {
      this.setState(task, task.status.kind === 'loop' || task.status.kind === 'external' ? 'running' : 'idle');
    }
  }

  private recordProgress(task: Task): void {
    const now = this.clock.now();
    task.status.lastSuccessAt = now;
    task.status.consecutiveFailures = 0;
    this.metrics.progressed(task.status.name, now);
    if (task.status.state === 'degraded') {
      this.setState(task, 'running');
    }
  }

  private recordFailure(task: Task, error: unknown): void {
    const status = task.status;
    status.lastFailureAt = this.clock.now();
    status.lastError = error instanceof Error ? error.message : String(error);
    status.consecutiveFailures += 1;
    this.metrics.failed(status.name, status.consecutiveFailures);
    const degraded = status.consecutiveFailures >= this.policy.degradedAfter;
    this.setState(task, degraded ? 'degraded' : status.kind === 'external' ? 'running' : 'backoff');
    this.logger.error(
      { err: error, task: status.name, kind: status.kind, consecutiveFailures: status.consecutiveFailures },
      `Background task ${status.name} failed${degraded ? ' repeatedly: degraded' : ''}`,
    );
  }

  private halt(task: Task): void {
    clearTimeout(task.timer);
    this.setState(task, 'stopped');
    task.status.nextRunAt = null;
    task.abort?.abort();
  }

  private setState(task: Task, state: TaskState): void {
    task.status.state = state;
    this.metrics.setState(task.status.name, state);
  }

  private scheduleDaily(task: Task): void {
    const now = this.clock.now();
    task.dueAtMs = nextIstTime(now, task.dailyAt!);
    this.start(task, task.dueAtMs - now);
  }

  /** After a jump of the clock: a run the jump reached (or passed) goes now, the others move with the clock. */
  private rearmDailyTasks(): void {
    for (const task of this.tasks.values()) {
      if (
        task.status.kind !== 'daily' ||
        task.current ||
        task.status.state === 'stopped' ||
        task.dueAtMs === undefined
      ) {
        continue;
      }
      if (this.clock.now() >= task.dueAtMs) {
        task.dueAtMs = undefined;
        this.start(task, 0);
      } else {
        this.scheduleDaily(task);
      }
    }
  }

  private require(name: string): Task {
    const task = this.tasks.get(name);
    if (!task) {
      throw new UnknownTaskError(name);
    }
    return task;
  }
}
