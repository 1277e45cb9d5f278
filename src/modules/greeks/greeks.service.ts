import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { availableParallelism } from 'node:os';
import { DomainError, type DomainErrorKind } from '../../common/errors/domain-error.js';
import { Clock, MarketCalendar, istInstantMs } from '../../common/time/index.js';
import { AppConfig } from '../../config/index.js';
import { copyBatch, createGreeksBatch, sharedLayoutOf } from './greeks-batch.js';
import { evaluateGreeksBatch } from './greeks-kernel.js';
import { GreeksQueueFullError, GreeksWorkerPool } from './greeks-pool.js';
import { evaluateOptionGreeks } from './greeks-scalar.js';
import { type GreeksExecution, GreeksMetrics } from './greeks.metrics.js';
import {
  type GreeksBatch,
  type GreeksModelConfig,
  OPTION_STATUS_COUNT,
  type OptionGreeks,
  type OptionQuote,
} from './greeks.types.js';
import { type ForwardEstimate, type ForwardInputs, estimateForward } from './forward-estimator.js';
import { calendarYearsToExpiry, tradingYearsToExpiry } from './time-to-expiry.js';

type GreeksSettings = ReturnType<typeof settingsOf>;
const settingsOf = (config: AppConfig) => config.get('greeks');

/** A batch larger than GREEKS_MAX_BATCH: the caller must split it (400). */
export class GreeksBatchTooLargeError extends DomainError {
  readonly kind: DomainErrorKind = 'invalid';
  constructor(
    readonly count: number,
    readonly max: number,
  ) {
    super('GREEKS_BATCH_TOO_LARGE', `Greeks batch of ${count} options exceeds the maximum of ${max}`, { count, max });
  }
}

export interface GreeksBatchSummary {
  readonly execution: Exclude<GreeksExecution, 'rejected'>;
  /** Options per OptionStatus value. */
  readonly statusCounts: readonly number[];
}

/**
 * The Greeks engine for the tick pipeline: batches up to GREEKS_INLINE_MAX_BATCH options run inline;
 * larger ones run on worker threads over shared memory so they never block the event loop. When
 * GREEKS_WORKER_QUEUE_MAX batches are already in flight, evaluate() rejects with GreeksQueueFullError
 * (policy "reject") or runs the batch inline (policy "inline").
 */
@Injectable()
export class GreeksService implements OnModuleDestroy {
  private readonly settings: GreeksSettings;
  private pool: GreeksWorkerPool | undefined;
  readonly model: GreeksModelConfig;

  constructor(
    config: AppConfig,
    private readonly metrics: GreeksMetrics,
    private readonly clock: Clock,
    private readonly calendar: MarketCalendar,
  ) {
    this.settings = settingsOf(config);
    const rate = this.settings.model === 'black-scholes' ? this.settings.nseRate : this.settings.rate;
    this.model = { model: this.settings.model, rate, timeBasis: this.settings.timeBasis };
  }

  /** A batch on shared memory (the pool evaluates it in place; other batches are copied). */
  createBatch(capacity: number): GreeksBatch {
    return createGreeksBatch(capacity);
  }

  evaluateOption(quote: OptionQuote): OptionGreeks {
    return evaluateOptionGreeks(quote, this.model);
  }

  /** Evaluates the batch's first `count` options in place. Per-option failures are statuses, never throws. */
  async evaluate(batch: GreeksBatch, count = batch.count): Promise<GreeksBatchSummary> {
    if (count > this.settings.maxBatch) {
      throw new GreeksBatchTooLargeError(count, this.settings.maxBatch);
    }
    const started = performance.now();
    let execution: GreeksBatchSummary['execution'] = 'inline';
    if (count <= this.settings.inlineMaxBatch) {
      evaluateGreeksBatch(batch.input, batch.output, this.model, 0, count);
    } else {
      execution = await this.evaluateOnPool(batch, count);
    }
    const statusCounts = countStatuses(batch, count);
    this.metrics.recordBatch(execution, (performance.now() - started) / 1000, statusCounts);
    return { execution, statusCounts };
  }

  /**
   * Years to `expiryDate` (IST 'YYYY-MM-DD', at GREEKS_EXPIRY_TIME_IST) on the configured time basis, from
   * the injected Clock's now (a tick's exchange timestamp may be passed instead).
   */
  timeToExpiry(expiryDate: string, nowMs: number = this.clock.now()): number {
    const time = this.settings.expiryTimeIst;
    return this.settings.timeBasis === 'trading'
      ? tradingYearsToExpiry(nowMs, expiryDate, time, this.calendar)
      : calendarYearsToExpiry(nowMs, istInstantMs(expiryDate, time));
  }

  estimateForward(inputs: ForwardInputs): ForwardEstimate {
    return estimateForward(inputs, {
      parityStrikes: this.settings.forwardParityStrikes,
      maxAgeMs: this.settings.forwardMaxAgeMs,
    });
  }

  async onModuleDestroy(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.terminate();
  }

  private async evaluateOnPool(batch: GreeksBatch, count: number): Promise<'inline' | 'pool'> {
    const pool = this.ensurePool();
    if (pool.isFull) {
      this.metrics.recordBatch('rejected', 0, []);
      if (this.settings.queueFullPolicy === 'reject') {
        throw new GreeksQueueFullError(pool.queueDepth);
      }
      evaluateGreeksBatch(batch.input, batch.output, this.model, 0, count);
      return 'inline';
    }
    const layout = sharedLayoutOf(batch);
    const shared = layout ? batch : createGreeksBatch(count);
    if (!layout) {
      copyBatch(batch, shared, count, 'input');
    }
    const { buffer, capacity } = sharedLayoutOf(shared)!;
    this.metrics.setQueueDepth(pool.queueDepth + 1);
    try {
      await pool.run(buffer, capacity, count, this.model);
    } finally {
      this.metrics.setQueueDepth(pool.queueDepth);
    }
    if (!layout) {
      copyBatch(shared, batch, count, 'output');
    }
    return 'pool';
  }

  private ensurePool(): GreeksWorkerPool {
    this.pool ??= new GreeksWorkerPool({
      size: this.settings.workerPoolSize > 0 ? this.settings.workerPoolSize : availableParallelism(),
      queueMax: this.settings.workerQueueMax,
    });
    return this.pool;
  }
}

function countStatuses(batch: GreeksBatch, count: number): number[] {
  const counts = new Array<number>(OPTION_STATUS_COUNT).fill(0);
  const status = batch.output.status;
  for (let i = 0; i < count; i++) {
    counts[status[i]!]!++;
  }
  return counts;
}
