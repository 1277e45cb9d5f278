import { IsInt, IsNumber, Max, Min } from 'class-validator';
import { defineConfigSection } from '../config-section.js';
import { EnvNumber } from '../env-decorators.js';

const PERCENT = 100;
const HOUR_MS = 3_600_000;

class GttEnv {
  @EnvNumber() @IsNumber() @Min(0) @Max(10) GTT_MIN_TRIGGER_DISTANCE_PERCENT = 0.25;
  @EnvNumber() @IsNumber() @Min(0) @Max(50) GTT_LAST_PRICE_MAX_DEVIATION_PERCENT = 5;
  @EnvNumber() @IsInt() @Min(1) @Max(24 * 30) GTT_IDEMPOTENCY_RETENTION_HOURS = 24;
  @EnvNumber() @IsInt() @Min(1_000) @Max(60_000 * 60 * 24) GTT_IDEMPOTENCY_PURGE_INTERVAL_MS = 600_000;
  @EnvNumber() @IsInt() @Min(1_000) @Max(HOUR_MS) GTT_IDEMPOTENCY_SETTLE_MS = 60_000;
}

export interface GttConfig {
  /** A trigger closer than this fraction of the last price is refused (Kite disables such GTTs). */
  minTriggerDistance: number;
  /** The last price a caller sends may differ from the live one by this fraction at most (0: not checked). */
  maxLastPriceDeviation: number;
  idempotencyRetentionMs: number;
  idempotencyPurgeIntervalMs: number;
  /** After an unanswered placement, how long a retry with the same key waits before creating again. */
  idempotencySettleMs: number;
}

export const gttConfig = defineConfigSection(GttEnv, (env): GttConfig => ({
  minTriggerDistance: env.GTT_MIN_TRIGGER_DISTANCE_PERCENT / PERCENT,
  maxLastPriceDeviation: env.GTT_LAST_PRICE_MAX_DEVIATION_PERCENT / PERCENT,
  idempotencyRetentionMs: env.GTT_IDEMPOTENCY_RETENTION_HOURS * HOUR_MS,
  idempotencyPurgeIntervalMs: env.GTT_IDEMPOTENCY_PURGE_INTERVAL_MS,
  idempotencySettleMs: env.GTT_IDEMPOTENCY_SETTLE_MS,
}));
