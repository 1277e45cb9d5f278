import { ControllableClock } from '../../common/time/clock.js';
import { parseInstant } from '../../common/time/ist.js';
import { NSE_HOLIDAYS } from '../../common/time/nse-calendar.js';
import type { SimClockOptions } from '../clock/sim-clock.js';
import { DEFAULT_USERS } from '../session/session-store.js';
import type { KiteSimulatorOptions } from '../simulator.js';
import type { SimulatorConfig } from './simulator.config.js';
import type { SimulatorTickerConfig } from './simulator-ticker.config.js';

/** Turns the validated SIM_* configuration into simulator options. */
export const simulatorOptionsFromConfig = (
  config: SimulatorConfig,
  ticker: SimulatorTickerConfig,
): KiteSimulatorOptions => {
  const at = parseInstant(config.clock.at);
  if (config.clock.at !== undefined && at === undefined) {
    throw new Error(`SIM_CLOCK_AT is not a time: ${config.clock.at}`);
  }
  const clock: SimClockOptions = {
    instance: ControllableClock.fromSettings(config.clock.mode, at),
    holidays: [...NSE_HOLIDAYS.map((h) => h.date), ...config.clock.holidays],
  };
  const template = DEFAULT_USERS[0]!;
  return {
    host: config.host,
    port: config.port,
    seed: config.seed,
    clock,
    market: { moveOutsideSession: config.moveOutsideSession },
    users: [{ ...template, ...config.user }],
    rateLimits: config.rateLimits,
    rest: { csvTrailingNewline: config.csvTrailingNewline, loginRedirectUrl: config.loginRedirectUrl },
    orders: {
      enforceMarketHours: config.enforceMarketHours,
      maxModifications: config.maxModifications,
      openingBalance: config.openingBalance,
    },
    ticker,
  };
};
