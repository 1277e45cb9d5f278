import { describe, expect, it } from 'vitest';
import { loadConfig } from '../load-config.js';

describe('websocketPool config section', () => {
  it('should default to Kite’s limits and Kite’s ticker root', () => {
    expect(loadConfig({}).websocketPool).toMatchObject({
      root: 'wss://ws.kite.trade/',
      connectionsPerAccount: 3,
      instrumentsPerConnection: 3000,
      capacityWarningRatio: 0.8,
      reconnect: { initialDelayMs: 250, maxDelayMs: 5000, jitter: 0.5 },
    });
  });

  it('should refuse more connections or instruments than Kite allows, naming the variable', () => {
    expect(() => loadConfig({ KITE_WS_CONNECTIONS_PER_ACCOUNT: '4' })).toThrow(/KITE_WS_CONNECTIONS_PER_ACCOUNT/);
    expect(() => loadConfig({ KITE_WS_INSTRUMENTS_PER_CONNECTION: '3001' })).toThrow(
      /KITE_WS_INSTRUMENTS_PER_CONNECTION/,
    );
    expect(loadConfig({ KITE_WS_CONNECTIONS_PER_ACCOUNT: '1' }).websocketPool.connectionsPerAccount).toBe(1);
  });

  it('should accept only ws:// or wss:// roots and keep the reconnect cap at least the first delay', () => {
    expect(() => loadConfig({ KITE_WS_ROOT: 'https://ws.kite.trade' })).toThrow(/KITE_WS_ROOT/);
    const config = loadConfig({
      KITE_WS_ROOT: 'ws://127.0.0.1:8765/',
      WS_POOL_RECONNECT_INITIAL_DELAY_MS: '2000',
      WS_POOL_RECONNECT_MAX_DELAY_MS: '500',
    }).websocketPool;
    expect(config.root).toBe('ws://127.0.0.1:8765/');
    expect(config.reconnect.maxDelayMs).toBe(2000);
  });
});
