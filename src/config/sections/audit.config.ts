import { IsInt, Max, Min } from 'class-validator';
import { defineConfigSection } from '../config-section.js';
import { EnvNumber } from '../env-decorators.js';

class AuditEnv {
  @EnvNumber() @IsInt() @Min(1) @Max(3_650) AUDIT_RETENTION_DAYS = 90;
  @EnvNumber() @IsInt() @Min(1_000) @Max(86_400_000) AUDIT_RETENTION_SWEEP_INTERVAL_MS = 3_600_000;
  @EnvNumber() @IsInt() @Min(100) @Max(1_000_000) AUDIT_RETENTION_BATCH_SIZE = 10_000;
  @EnvNumber() @IsInt() @Min(1) @Max(1_000_000) AUDIT_QUEUE_MAX = 10_000;
  @EnvNumber() @IsInt() @Min(1) @Max(10_000) AUDIT_BATCH_SIZE = 200;
  @EnvNumber() @IsInt() @Min(10) @Max(60_000) AUDIT_FLUSH_INTERVAL_MS = 500;
}

export interface AuditConfig {
  retentionDays: number;
  retentionSweepIntervalMs: number;
  /** Rows deleted per statement by the retention job (it loops until nothing is left to delete). */
  retentionBatchSize: number;
  /** Audit entries waiting to be written; beyond it new entries are dropped, counted and logged. */
  queueMax: number;
  batchSize: number;
  flushIntervalMs: number;
}

export const auditConfig = defineConfigSection(AuditEnv, (env): AuditConfig => ({
  retentionDays: env.AUDIT_RETENTION_DAYS,
  retentionSweepIntervalMs: env.AUDIT_RETENTION_SWEEP_INTERVAL_MS,
  retentionBatchSize: env.AUDIT_RETENTION_BATCH_SIZE,
  queueMax: env.AUDIT_QUEUE_MAX,
  batchSize: env.AUDIT_BATCH_SIZE,
  flushIntervalMs: env.AUDIT_FLUSH_INTERVAL_MS,
}));
