import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClockModule, ControllableClock, nseCalendar } from '../../common/time/index.js';
import { AppConfig, ConfigModule } from '../../config/index.js';
import { createGreeksBatch } from './greeks-batch.js';
import { evaluateGreeksBatch } from './greeks-kernel.js';
import { GreeksQueueFullError, resolveWorkerScript } from './greeks-pool.js';
import { GreeksMetrics } from './greeks.metrics.js';
import { GreeksModule } from './greeks.module.js';
import { GreeksBatchTooLargeError, GreeksService } from './greeks.service.js';
import { type GreeksBatch, OptionKind, OptionStatus } from './greeks.types.js';

// The pool runs the compiled worker (dist/): CI builds before testing; locally run `npm run build` first.

function metricsOn(registry: Registry): GreeksMetrics {
  const registers = [registry];
  return new GreeksMetrics(
    new Counter({ name: 'ticker_greeks_batches_total', help: 'b', labelNames: ['execution'], registers }),
    new Counter({ name: 'ticker_greeks_options_total', help: 'o', labelNames: ['status'], registers }),
    new Gauge({ name: 'ticker_greeks_worker_queue_depth', help: 'q', registers }),
    new Histogram({ name: 'ticker_greeks_batch_duration_seconds', help: 'd', labelNames: ['execution'], registers }),
  );
}

/** Friday 2026-11-27 15:30 IST: the Clock every service here reads. */
const NOW = Date.parse('2026-11-27T10:00:00Z');

function serviceWith(env: Record<string, string>, registry = new Registry()): GreeksService {
  return new GreeksService(
    AppConfig.fromEnv({ GREEKS_WORKER_POOL_SIZE: '2', ...env }),
    metricsOn(registry),
    ControllableClock.fixedAt(NOW),
    nseCalendar(),
  );
}

/** A deterministic NSE-like chain with a few invalid rows; premiums priced at known volatilities. */
function fillBatch(batch: GreeksBatch, count: number): void {
  for (let i = 0; i < count; i++) {
    const forward = 24_000 + (i % 97);
    batch.input.underlying[i] = forward;
    batch.input.strike[i] = 22_000 + 50 * (i % 80);
    batch.input.timeToExpiry[i] = (1 + (i % 30)) / 365;
    batch.input.kind[i] = i % 2 === 0 ? OptionKind.Call : OptionKind.Put;
    batch.input.premium[i] = i % 101 === 0 ? Number.NaN : 5 + (i % 400);
  }
}

async function valueOf(registry: Registry, name: string, labels: Record<string, string>): Promise<number> {
  const metric = await registry.getSingleMetric(name)!.get();
  return metric.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value ?? 0;
}

describe('GreeksService', () => {
  beforeAll(() => {
    expect(() => resolveWorkerScript()).not.toThrow(); // fails with "run `npm run build` first" otherwise
  });

  it('should evaluate small batches inline and large ones on the worker pool with identical results', async () => {
    const registry = new Registry();
    const service = serviceWith({ GREEKS_INLINE_MAX_BATCH: '1000' }, registry);
    try {
      const count = 20_000;
      const pooled = service.createBatch(count);
      fillBatch(pooled, count);
      const reference = createGreeksBatch(count, false);
      fillBatch(reference, count);
      evaluateGreeksBatch(reference.input, reference.output, service.model, 0, count);

      const summary = await service.evaluate(pooled);
      expect(summary.execution).toBe('pool');
      expect(Array.from(pooled.output.impliedVolatility)).toEqual(Array.from(reference.output.impliedVolatility));
      expect(Array.from(pooled.output.status)).toEqual(Array.from(reference.output.status));
      expect(summary.statusCounts.reduce((a, b) => a + b, 0)).toBe(count);
      expect(summary.statusCounts[OptionStatus.InvalidInput]).toBe(Math.ceil(count / 101));

      const small = createGreeksBatch(10, false);
      fillBatch(small, 10);
      expect((await service.evaluate(small)).execution).toBe('inline');

      const unshared = createGreeksBatch(count, false);
      fillBatch(unshared, count);
      expect((await service.evaluate(unshared)).execution).toBe('pool');
      expect(Array.from(unshared.output.delta)).toEqual(Array.from(reference.output.delta));

      expect(await valueOf(registry, 'ticker_greeks_batches_total', { execution: 'pool' })).toBe(2);
      expect(await valueOf(registry, 'ticker_greeks_options_total', { status: 'invalid_input' })).toBeGreaterThan(0);
    } finally {
      await service.onModuleDestroy();
    }
  });

  it('should reject with GreeksQueueFullError when the queue is full, or run inline under the inline policy', async () => {
    const rejecting = serviceWith({ GREEKS_INLINE_MAX_BATCH: '10', GREEKS_WORKER_QUEUE_MAX: '1' });
    const inlining = serviceWith({
      GREEKS_INLINE_MAX_BATCH: '10',
      GREEKS_WORKER_QUEUE_MAX: '1',
      GREEKS_QUEUE_FULL_POLICY: 'inline',
    });
    try {
      const first = rejecting.createBatch(50_000);
      const second = rejecting.createBatch(50_000);
      fillBatch(first, 50_000);
      fillBatch(second, 50_000);
      const inFlight = rejecting.evaluate(first);
      await expect(rejecting.evaluate(second)).rejects.toBeInstanceOf(GreeksQueueFullError);
      await inFlight;

      const inFlightInline = inlining.evaluate(first);
      expect((await inlining.evaluate(second)).execution).toBe('inline');
      await inFlightInline;
    } finally {
      await rejecting.onModuleDestroy();
      await inlining.onModuleDestroy();
    }
  });

  it('should refuse batches above GREEKS_MAX_BATCH', async () => {
    const service = serviceWith({ GREEKS_MAX_BATCH: '100' });
    await expect(service.evaluate(createGreeksBatch(101))).rejects.toBeInstanceOf(GreeksBatchTooLargeError);
  });

  it("should compute time to expiry on the configured basis, from the injected Clock's now", () => {
    expect(serviceWith({}).timeToExpiry('2026-12-01')).toBe(4 / 365);
    expect(serviceWith({ GREEKS_TIME_BASIS: 'trading' }).timeToExpiry('2026-12-01')).toBeCloseTo(2 / 252, 12);
    expect(serviceWith({}).timeToExpiry('2026-12-01', NOW + 86_400_000)).toBe(3 / 365);
  });

  it("should skip NSE's holidays on the trading basis (Guru Nanak Jayanti, 2026-11-24)", () => {
    const fridayClose = Date.parse('2026-11-20T10:00:00Z');
    const trading = serviceWith({ GREEKS_TIME_BASIS: 'trading' }).timeToExpiry('2026-11-25', fridayClose);
    expect(trading).toBeCloseTo(2 / 252, 12); // Monday 23 and Wednesday 25
  });

  it('should select Black-Scholes with the NSE rate in the NSE-compatible mode', () => {
    expect(serviceWith({ GREEKS_MODEL: 'black-scholes' }).model).toEqual({
      model: 'black-scholes',
      rate: 0.1,
      timeBasis: 'calendar',
    });
    expect(serviceWith({}).model).toEqual({ model: 'black76', rate: 0, timeBasis: 'calendar' });
  });
});

describe('GreeksModule', () => {
  @Module({
    imports: [
      ConfigModule.forRoot(AppConfig.fromEnv({})),
      ClockModule.forRoot(ControllableClock.fixedAt(NOW)),
      GreeksModule,
    ],
  })
  class RootModule {}
  let app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>;

  beforeAll(async () => {
    app = await NestFactory.createApplicationContext(RootModule, { logger: false });
  });
  afterAll(async () => {
    await app.close();
  });

  it('should provide GreeksService with its metrics wired', () => {
    const service = app.get(GreeksService);
    expect(
      service.evaluateOption({ kind: 'call', underlying: 24_000, strike: 24_000, timeToExpiry: 0.01, premium: 150 }),
    ).toMatchObject({ status: 'ok' });
  });
});
