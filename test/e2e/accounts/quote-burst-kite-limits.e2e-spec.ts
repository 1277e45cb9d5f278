import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KiteSimulator } from '../../../src/simulator/simulator.js';
import type { TestApp } from '../../support/test-app.js';
import { bootWithSimulator, encryptionKey, metricValue, orchestratorOf, PRIMARY, startSimulator } from './support.js';

const BURST = 50;
/** 50 quotes at Kite's 1/s take 49 s; allow for a loaded machine. */
const BURST_TIMEOUT_MS = 120_000;

// Kite's real limits on both sides (the simulator's defaults and the service's defaults: quote 1/s).
describe('A burst of quote calls at Kite’s own limits', () => {
  let sim: KiteSimulator;
  let app: TestApp;

  beforeAll(async () => {
    sim = await startSimulator();
    app = await bootWithSimulator(sim, encryptionKey(), {
      KITE_ACCOUNTS: JSON.stringify([
        { id: PRIMARY.id, api_key: PRIMARY.apiKey, api_secret: PRIMARY.apiSecret, access_token: PRIMARY.accessToken },
      ]),
      KITE_QUEUE_WAIT_TIMEOUT_MS: String(BURST_TIMEOUT_MS),
      KITE_RATE_MAX_WAITERS: String(BURST),
    });
  });

  afterAll(async () => {
    await app?.close();
    await sim?.handle.stop();
  });

  it(
    'should pace 50 concurrent quote calls at 1/s so that Kite never answers 429',
    async () => {
      const limited = () =>
        metricValue(app, 'ticker_accounts_kite_requests_total', { account: PRIMARY.id, outcome: 'kite_rate_limited' });
      const before = await limited();
      const quotes = await Promise.all(
        Array.from({ length: BURST }, () =>
          orchestratorOf(app).borrow((client) => client.getQuote(['NSE:NIFTY 50', 'NSE:NIFTY BANK'])),
        ),
      );
      expect(quotes).toHaveLength(BURST);
      for (const quote of quotes) {
        expect(quote['NSE:NIFTY 50']?.instrumentToken).toBe(256265);
        expect(quote['NSE:NIFTY BANK']?.instrumentToken).toBe(260105);
      }
      expect(await limited()).toBe(before);
    },
    BURST_TIMEOUT_MS,
  );
});
