import { IsInt, Max, Min } from 'class-validator';
import { defineConfigSection } from '../config-section.js';
import { EnvNumber } from '../env-decorators.js';

/** The Kite login flow's CSRF protection: single-use state nonces carried through redirect_params. */
class LoginEnv {
  @EnvNumber() @IsInt() @Min(10_000) @Max(3_600_000) KITE_LOGIN_STATE_TTL_MS = 600_000;
  @EnvNumber() @IsInt() @Min(1) @Max(1_000) KITE_LOGIN_STATE_MAX_PER_ACCOUNT = 20;
}

export interface LoginConfig {
  /** A login must come back to the callback within this long after GET /accounts/{id}/login. */
  stateTtlMs: number;
  /** Unused state nonces kept per account; starting one more login evicts the oldest. */
  maxStatesPerAccount: number;
}

export const loginConfig = defineConfigSection(LoginEnv, (env): LoginConfig => ({
  stateTtlMs: env.KITE_LOGIN_STATE_TTL_MS,
  maxStatesPerAccount: env.KITE_LOGIN_STATE_MAX_PER_ACCOUNT,
}));
