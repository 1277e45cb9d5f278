import { IsInt, Max, Min } from 'class-validator';
import { defineConfigSection } from '../config-section.js';
import { EnvNumber } from '../env-decorators.js';

class SupervisorEnv {
  @EnvNumber() @IsInt() @Min(10) @Max(600_000) TASK_RESTART_INITIAL_DELAY_MS = 1_000;
  @EnvNumber() @IsInt() @Min(100) @Max(3_600_000) TASK_RESTART_MAX_DELAY_MS = 60_000;
  @EnvNumber() @IsInt() @Min(1) @Max(1_000) TASK_DEGRADED_AFTER_FAILURES = 3;
}

export const supervisorConfig = defineConfigSection(SupervisorEnv, (env) => ({
  initialMs: env.TASK_RESTART_INITIAL_DELAY_MS,
  maxMs: Math.max(env.TASK_RESTART_MAX_DELAY_MS, env.TASK_RESTART_INITIAL_DELAY_MS),
  degradedAfter: env.TASK_DEGRADED_AFTER_FAILURES,
}));
