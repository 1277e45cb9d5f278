import { Injectable } from '@nestjs/common';
import { InjectMetric, makeCounterProvider, makeGaugeProvider } from '@willsoto/nestjs-prometheus';
import type { Counter, Gauge } from 'prom-client';

const QUEUE_DEPTH = 'ticker_audit_queue_depth';
const WRITTEN = 'ticker_audit_written_total';
const DROPPED = 'ticker_audit_dropped_total';
const WRITE_FAILURES = 'ticker_audit_write_failures_total';
const RETENTION_DELETED = 'ticker_audit_retention_deleted_total';

export const auditMetricProviders = [
  makeGaugeProvider({ name: QUEUE_DEPTH, help: 'Audit entries waiting to be written' }),
  makeCounterProvider({ name: WRITTEN, help: 'Audit entries written to audit_log' }),
  makeCounterProvider({
    name: DROPPED,
    help: 'Audit entries not stored because the queue was full (each is logged at error level instead)',
  }),
  makeCounterProvider({ name: WRITE_FAILURES, help: 'Batched audit writes that failed (retried)' }),
  makeCounterProvider({ name: RETENTION_DELETED, help: 'Audit rows deleted by the retention job' }),
];

@Injectable()
export class AuditMetrics {
  constructor(
    @InjectMetric(QUEUE_DEPTH) readonly queueDepth: Gauge<string>,
    @InjectMetric(WRITTEN) readonly written: Counter<string>,
    @InjectMetric(DROPPED) readonly dropped: Counter<string>,
    @InjectMetric(WRITE_FAILURES) readonly writeFailures: Counter<string>,
    @InjectMetric(RETENTION_DELETED) readonly retentionDeleted: Counter<string>,
  ) {}
}
