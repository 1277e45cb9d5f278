export * from './contracts/simulator.contracts.js';
export { SimClock, type ClockMode, type SimClockOptions } from './clock/sim-clock.js';
export { MarketModel, type GroundTruth } from './market/market-model.js';
export { DEFAULT_UNDERLYINGS, type MarketModelOptions, type UnderlyingSpec } from './market/market-config.js';
export { DEFAULT_USERS, type SimUser } from './session/session-store.js';
export {
  startKiteSimulator,
  type KiteSimulator,
  type KiteSimulatorHandle,
  type KiteSimulatorOptions,
} from './simulator.js';
export { SimulatorModule, SimulatorService } from './simulator.module.js';
