export { HealthModule } from './health.module.js';
export { HealthDetailsRegistry, type HealthDetailsProvider } from './health-details-registry.js';
export { BackgroundJobs, JobStatus, type JobSnapshot, type JobState } from './background-jobs.js';
