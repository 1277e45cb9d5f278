import { Module } from '@nestjs/common';
import { AuditController } from './api/audit.controller.js';
import { AuditRetention } from './audit-retention.js';
import { AuditTrail } from './audit-trail.js';
import { AuditMetrics, auditMetricProviders } from './audit.metrics.js';
import { AuditStore } from './audit.store.js';

/** The append-only audit trail of mutating requests, its API and its retention. */
@Module({
  controllers: [AuditController],
  providers: [...auditMetricProviders, AuditMetrics, AuditStore, AuditTrail, AuditRetention],
  exports: [AuditTrail],
})
export class AuditModule {}
