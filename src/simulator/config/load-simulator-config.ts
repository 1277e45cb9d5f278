import { type LoadedSections, loadSections, type RawEnv } from '../../config/load-config.js';
import type { KiteSimulatorOptions } from '../simulator.js';
import { simulatorOptionsFromConfig } from './simulator-options.js';
import { simulatorTickerConfig } from './simulator-ticker.config.js';
import { simulatorConfig } from './simulator.config.js';

/** The simulator's own settings (SIM_*), documented in simulator.env.example and docs/simulator.md. */
export const simulatorSections = {
  simulator: simulatorConfig,
  ticker: simulatorTickerConfig,
};

export type SimulatorSettings = LoadedSections<typeof simulatorSections>;

/**
 * Validates the SIM_* variables (throws ConfigValidationError naming each bad one). Used by `npm run sim`
 * and by the service when SIMULATOR_EMBEDDED=true; the product's own configuration never reads them.
 */
export const loadSimulatorConfig = (raw: RawEnv): SimulatorSettings => loadSections(simulatorSections, raw);

export const simulatorOptions = (settings: SimulatorSettings): KiteSimulatorOptions =>
  simulatorOptionsFromConfig(settings.simulator, settings.ticker);
