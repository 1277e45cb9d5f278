import type { SimClockOptions } from '../clock/sim-clock.js';
import { parseInstant } from '../control/control-parsing.js';
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
  const clock: SimClockOptions = { mode: config.clock.mode, holidays: config.clock.holidays };
  if (config.clock.mode === 'fixed') {
    clock.fixedMs = at ?? Date.now();
  } else if (config.clock.mode === 'shifted' && at !== undefined) {
    clock.offsetMs = at - Date.now();
  }
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
