import { IsIn, IsInt, IsNumber, Matches, Max, Min } from 'class-validator';
import { defineConfigSection } from '../config-section.js';
import { EnvNumber, EnvString } from '../env-decorators.js';

export const GREEKS_MODELS = ['black76', 'black-scholes'] as const;
export const GREEKS_TIME_BASES = ['calendar', 'trading'] as const;
export const GREEKS_QUEUE_FULL_POLICIES = ['inline', 'reject'] as const;
export type GreeksQueueFullPolicy = (typeof GREEKS_QUEUE_FULL_POLICIES)[number];

class GreeksEnv {
  @EnvString() @IsIn(GREEKS_MODELS) GREEKS_MODEL: (typeof GREEKS_MODELS)[number] = 'black76';
  @EnvNumber() @IsNumber() @Min(-0.5) @Max(1) GREEKS_RATE = 0;
  @EnvNumber() @IsNumber() @Min(-0.5) @Max(1) GREEKS_NSE_RATE = 0.1;
  @EnvString() @IsIn(GREEKS_TIME_BASES) GREEKS_TIME_BASIS: (typeof GREEKS_TIME_BASES)[number] = 'calendar';
  @EnvString() @Matches(/^([01]\d|2[0-3]):[0-5]\d$/) GREEKS_EXPIRY_TIME_IST = '15:30';
  @EnvNumber() @IsInt() @Min(0) @Max(64) GREEKS_WORKER_POOL_SIZE = 0;
  @EnvNumber() @IsInt() @Min(1) @Max(10_000_000) GREEKS_INLINE_MAX_BATCH = 4_096;
  @EnvNumber() @IsInt() @Min(1) @Max(10_000) GREEKS_WORKER_QUEUE_MAX = 64;
  @EnvString() @IsIn(GREEKS_QUEUE_FULL_POLICIES) GREEKS_QUEUE_FULL_POLICY: GreeksQueueFullPolicy = 'reject';
  @EnvNumber() @IsInt() @Min(1) @Max(50_000_000) GREEKS_MAX_BATCH = 4_000_000;
  @EnvNumber() @IsInt() @Min(1) @Max(25) GREEKS_FORWARD_PARITY_STRIKES = 5;
  @EnvNumber() @IsInt() @Min(0) @Max(86_400_000) GREEKS_FORWARD_MAX_AGE_MS = 60_000;
}

export const greeksConfig = defineConfigSection(GreeksEnv, (env) => ({
  /** black76: Black-76 on each expiry's forward; black-scholes: NSE option-chain mode on the spot. */
  model: env.GREEKS_MODEL,
  /** Rate of the black76 model (default 0: undiscounted, Sensibull-compatible). */
  rate: env.GREEKS_RATE,
  /** Rate of the black-scholes (NSE-compatible) model. */
  nseRate: env.GREEKS_NSE_RATE,
  timeBasis: env.GREEKS_TIME_BASIS,
  expiryTimeIst: env.GREEKS_EXPIRY_TIME_IST,
  /** 0: one worker per available core. */
  workerPoolSize: env.GREEKS_WORKER_POOL_SIZE,
  /** Batches up to this size run inline on the calling thread; larger ones on the worker pool. */
  inlineMaxBatch: env.GREEKS_INLINE_MAX_BATCH,
  /** Batches in flight on the pool; beyond it the queue-full policy applies. */
  workerQueueMax: env.GREEKS_WORKER_QUEUE_MAX,
  queueFullPolicy: env.GREEKS_QUEUE_FULL_POLICY,
  maxBatch: env.GREEKS_MAX_BATCH,
  forwardParityStrikes: env.GREEKS_FORWARD_PARITY_STRIKES,
  forwardMaxAgeMs: env.GREEKS_FORWARD_MAX_AGE_MS,
}));
