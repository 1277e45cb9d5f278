export { HealthModule } from './health.module.js';
export { KITE_INDICATOR, ReadinessRegistry, type ReadinessCheck, type ReadinessOutcome } from './readiness-registry.js';
