export { HttpMetrics } from './http-metrics.js';
export { MetricsCollectors } from './metrics-collectors.js';
export { MetricsModule } from './metrics.module.js';
export { PROCESS_ERRORS } from './process-metrics.js';
