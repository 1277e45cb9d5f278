import { IsInt, Max, Min } from 'class-validator';
import { defineConfigSection } from '../config-section.js';
import { EnvNumber } from '../env-decorators.js';

class HealthEnv {
  @EnvNumber() @IsInt() @Min(50) @Max(30_000) HEALTH_CHECK_TIMEOUT_MS = 1_500;
  @EnvNumber() @IsInt() @Min(0) @Max(600_000) SHUTDOWN_READINESS_DRAIN_MS = 0;
}

export const healthConfig = defineConfigSection(HealthEnv, (env) => ({
  checkTimeoutMs: env.HEALTH_CHECK_TIMEOUT_MS,
  /** Time to keep serving after readiness flips to 503, so load balancers stop routing first. */
  readinessDrainMs: env.SHUTDOWN_READINESS_DRAIN_MS,
}));
