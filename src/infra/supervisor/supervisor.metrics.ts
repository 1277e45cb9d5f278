import { Injectable } from '@nestjs/common';
import { InjectMetric, makeCounterProvider, makeGaugeProvider } from '@willsoto/nestjs-prometheus';
import type { Counter, Gauge } from 'prom-client';
import { TASK_STATES, type TaskState } from './supervised-task.js';

const STATE = 'ticker_background_task_state';
const RUNS = 'ticker_background_task_runs_total';
const RESTARTS = 'ticker_background_task_restarts_total';
const LAST_SUCCESS = 'ticker_background_task_last_success_timestamp_seconds';
const CONSECUTIVE_FAILURES = 'ticker_background_task_consecutive_failures';

export const supervisorMetricProviders = [
  makeGaugeProvider({
    name: STATE,
    help: 'Background task state: 1 for the current state (degraded = failing repeatedly), 0 for the others',
    labelNames: ['task', 'state'],
  }),
  makeCounterProvider({
    name: RUNS,
    help: 'Background task runs by outcome (a loop counts one run per start)',
    labelNames: ['task', 'outcome'],
  }),
  makeCounterProvider({
    name: RESTARTS,
    help: 'Background tasks restarted after a failure',
    labelNames: ['task'],
  }),
  makeGaugeProvider({
    name: LAST_SUCCESS,
    help: 'When the task last succeeded (or a loop last reported progress), epoch seconds; 0 = never',
    labelNames: ['task'],
  }),
  makeGaugeProvider({
    name: CONSECUTIVE_FAILURES,
    help: 'Failures of the task since its last success',
    labelNames: ['task'],
  }),
];

@Injectable()
export class SupervisorMetrics {
  constructor(
    @InjectMetric(STATE) private readonly state: Gauge<string>,
    @InjectMetric(RUNS) private readonly runs: Counter<string>,
    @InjectMetric(RESTARTS) private readonly restarts: Counter<string>,
    @InjectMetric(LAST_SUCCESS) private readonly lastSuccess: Gauge<string>,
    @InjectMetric(CONSECUTIVE_FAILURES) private readonly consecutiveFailures: Gauge<string>,
  ) {}

  registered(task: string): void {
    this.lastSuccess.set({ task }, 0);
    this.consecutiveFailures.set({ task }, 0);
    this.runs.inc({ task, outcome: 'success' }, 0);
    this.runs.inc({ task, outcome: 'failure' }, 0);
    this.restarts.inc({ task }, 0);
  }

  setState(task: string, current: TaskState): void {
    for (const state of TASK_STATES) {
      this.state.set({ task, state }, state === current ? 1 : 0);
    }
  }

  succeeded(task: string, atMs: number): void {
    this.runs.inc({ task, outcome: 'success' });
    this.lastSuccess.set({ task }, Math.floor(atMs / 1000));
    this.consecutiveFailures.set({ task }, 0);
  }

  progressed(task: string, atMs: number): void {
    this.lastSuccess.set({ task }, Math.floor(atMs / 1000));
    this.consecutiveFailures.set({ task }, 0);
  }

  failed(task: string, consecutive: number): void {
    this.runs.inc({ task, outcome: 'failure' });
    this.consecutiveFailures.set({ task }, consecutive);
  }

  restarted(task: string): void {
    this.restarts.inc({ task });
  }
}
