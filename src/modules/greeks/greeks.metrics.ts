import { Injectable } from '@nestjs/common';
import {
  InjectMetric,
  makeCounterProvider,
  makeGaugeProvider,
  makeHistogramProvider,
} from '@willsoto/nestjs-prometheus';
import type { Counter, Gauge, Histogram } from 'prom-client';
import { OPTION_STATUS_NAMES } from './greeks.types.js';

export const GREEKS_BATCHES_METRIC = 'ticker_greeks_batches_total';
export const GREEKS_OPTIONS_METRIC = 'ticker_greeks_options_total';
export const GREEKS_QUEUE_DEPTH_METRIC = 'ticker_greeks_worker_queue_depth';
export const GREEKS_BATCH_SECONDS_METRIC = 'ticker_greeks_batch_duration_seconds';
const BATCH_SECONDS_BUCKETS = [1e-5, 1e-4, 5e-4, 1e-3, 5e-3, 0.01, 0.05, 0.1, 0.5, 1, 5];

export type GreeksExecution = 'inline' | 'pool' | 'rejected';

export const greeksMetricProviders = [
  makeCounterProvider({
    name: GREEKS_BATCHES_METRIC,
    help: 'Greeks batches by where they ran (inline, pool) or rejected when the worker queue was full',
    labelNames: ['execution'],
  }),
  makeCounterProvider({
    name: GREEKS_OPTIONS_METRIC,
    help: 'Options evaluated by outcome status',
    labelNames: ['status'],
  }),
  makeGaugeProvider({ name: GREEKS_QUEUE_DEPTH_METRIC, help: 'Greeks batches in flight on the worker pool' }),
  makeHistogramProvider({
    name: GREEKS_BATCH_SECONDS_METRIC,
    help: 'Wall time per Greeks batch',
    labelNames: ['execution'],
    buckets: BATCH_SECONDS_BUCKETS,
  }),
];

/** The engine's Prometheus metrics behind one injectable. */
@Injectable()
export class GreeksMetrics {
  constructor(
    @InjectMetric(GREEKS_BATCHES_METRIC) private readonly batches: Counter<'execution'>,
    @InjectMetric(GREEKS_OPTIONS_METRIC) private readonly options: Counter<'status'>,
    @InjectMetric(GREEKS_QUEUE_DEPTH_METRIC) private readonly queueDepth: Gauge,
    @InjectMetric(GREEKS_BATCH_SECONDS_METRIC) private readonly batchSeconds: Histogram<'execution'>,
  ) {}

  recordBatch(execution: GreeksExecution, seconds: number, statusCounts: readonly number[]): void {
    this.batches.inc({ execution });
    if (execution === 'rejected') {
      return;
    }
    this.batchSeconds.observe({ execution }, seconds);
    statusCounts.forEach((count, status) => {
      if (count > 0) {
        this.options.inc({ status: OPTION_STATUS_NAMES[status] ?? 'unknown' }, count);
      }
    });
  }

  setQueueDepth(depth: number): void {
    this.queueDepth.set(depth);
  }
}
