import { IsInt, Matches, Max, Min } from 'class-validator';
import { defineConfigSection } from '../config-section.js';
import { EnvNumber, EnvString } from '../env-decorators.js';

class MutualFundsEnv {
  @EnvString() @Matches(/^([01]\d|2[0-3]):[0-5]\d$/) MF_INSTRUMENTS_REFRESH_TIME_IST = '08:00';
  @EnvNumber() @IsInt() @Min(100) @Max(1_000_000) MF_INSTRUMENTS_MAX_ROWS = 100_000;
}

export interface MutualFundsConfig {
  /** The cached MF instrument list is fetched again after this IST time each day (Kite refreshes it daily). */
  instrumentsRefreshIst: { hour: number; minute: number };
  /** A list longer than this is refused rather than held in memory. */
  instrumentsMaxRows: number;
}

export const mutualFundsConfig = defineConfigSection(MutualFundsEnv, (env): MutualFundsConfig => {
  const [hour = 0, minute = 0] = env.MF_INSTRUMENTS_REFRESH_TIME_IST.split(':').map(Number);
  return { instrumentsRefreshIst: { hour, minute }, instrumentsMaxRows: env.MF_INSTRUMENTS_MAX_ROWS };
});
