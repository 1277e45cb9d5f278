import { describe, expect, it } from 'vitest';
import { DEFAULT_TICKER_OPTIONS } from '../../simulator/ticker/ticker-options.js';
import { loadConfig } from '../load-config.js';

describe('simulatorTicker config section', () => {
  it('defaults to the ticker defaults (Kite limits, realistic rate)', () => {
    const config = loadConfig({}).simulatorTicker;
    expect(config).toMatchObject({
      defaultMode: DEFAULT_TICKER_OPTIONS.defaultMode,
      maxConnectionsPerApiKey: 3,
      maxInstrumentsPerConnection: 3000,
      heartbeatIntervalMs: DEFAULT_TICKER_OPTIONS.heartbeatIntervalMs,
      ticksWhenClosed: false,
    });
  });

  it('reads and validates the SIM_TICKER_* variables', () => {
    const config = loadConfig({
      SIM_TICKER_DEFAULT_MODE: 'full',
      SIM_TICKER_TICKS_PER_SECOND: '2000',
      SIM_TICKER_TICKS_WHEN_CLOSED: 'true',
      SIM_TICKER_SLOW_CONSUMER_POLICY: 'disconnect',
    }).simulatorTicker;
    expect(config).toMatchObject({
      defaultMode: 'full',
      ticksPerSecondPerInstrument: 2000,
      ticksWhenClosed: true,
      slowConsumerPolicy: 'disconnect',
    });
    expect(() => loadConfig({ SIM_TICKER_DEFAULT_MODE: 'turbo' })).toThrow(/SIM_TICKER_DEFAULT_MODE/);
  });
});
