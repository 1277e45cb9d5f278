export { GreeksModule } from './greeks.module.js';
export { GreeksService, GreeksBatchTooLargeError, type GreeksBatchSummary } from './greeks.service.js';
export { GreeksQueueFullError, GreeksWorkerError } from './greeks-pool.js';
export { createGreeksBatch } from './greeks-batch.js';
export type { ForwardEstimate, ForwardInputs, ForwardSource, ParityQuotes } from './forward-estimator.js';
export * from './greeks.types.js';
