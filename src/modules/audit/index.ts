export { AuditModule } from './audit.module.js';
export { AuditTrail } from './audit-trail.js';
export { AuditRetention } from './audit-retention.js';
