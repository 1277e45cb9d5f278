export { HealthModule } from './health.module.js';
export { HealthDetailsRegistry, type HealthDetailsProvider } from './health-details-registry.js';
