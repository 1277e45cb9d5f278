import { describe, expect, it } from 'vitest';
import { DEFAULT_TICKER_OPTIONS } from '../ticker/ticker-options.js';
import { loadSimulatorConfig } from './load-simulator-config.js';

describe('simulatorTicker config section', () => {
  it('should default to the ticker defaults (Kite limits, realistic rate)', () => {
    const config = loadSimulatorConfig({}).ticker;
    expect(config).toMatchObject({
      defaultMode: DEFAULT_TICKER_OPTIONS.defaultMode,
      maxConnectionsPerApiKey: 3,
      maxInstrumentsPerConnection: 3000,
      heartbeatIntervalMs: DEFAULT_TICKER_OPTIONS.heartbeatIntervalMs,
      ticksWhenClosed: false,
    });
  });

  it('should read and validate the SIM_TICKER_* variables', () => {
    const config = loadSimulatorConfig({
      SIM_TICKER_DEFAULT_MODE: 'full',
      SIM_TICKER_TICKS_PER_SECOND: '2000',
      SIM_TICKER_TICKS_WHEN_CLOSED: 'true',
      SIM_TICKER_SLOW_CONSUMER_POLICY: 'disconnect',
    }).ticker;
    expect(config).toMatchObject({
      defaultMode: 'full',
      ticksPerSecondPerInstrument: 2000,
      ticksWhenClosed: true,
      slowConsumerPolicy: 'disconnect',
    });
    expect(() => loadSimulatorConfig({ SIM_TICKER_DEFAULT_MODE: 'turbo' })).toThrow(/SIM_TICKER_DEFAULT_MODE/);
  });
});
