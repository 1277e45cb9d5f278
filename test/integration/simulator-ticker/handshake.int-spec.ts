import { afterEach, describe, expect, it, vi } from 'vitest';
import { POLL } from '../../support/polling.js';
import { HandshakeRejected, TestClient } from './support/test-client.js';
import {
  ACCESS_TOKEN,
  API_KEY,
  OTHER,
  startTickerHarness,
  tickerUrl,
  type TickerHarness,
} from './support/ticker-harness.js';

let harness: TickerHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const rejectionStatus = async (url: string): Promise<number> => {
  try {
    const client = await TestClient.connect(url);
    client.close();
    return 101;
  } catch (error) {
    if (error instanceof HandshakeRejected) {
      return error.status;
    }
    throw error;
  }
};

describe('ticker handshake', () => {
  it('accepts the URL the official client builds, on any path, with or without uid', async () => {
    harness = await startTickerHarness();
    const root = harness.url;
    const clients = await Promise.all([
      TestClient.connect(tickerUrl(root)),
      TestClient.connect(`${root}ws/any/path?api_key=${API_KEY}&access_token=${ACCESS_TOKEN}`),
      TestClient.connect(`${root.replace(/\/$/, '')}?access_token=${ACCESS_TOKEN}&api_key=${API_KEY}`),
    ]);
    expect(harness.ticker.connections().map((c) => c.apiKey)).toEqual([API_KEY, API_KEY, API_KEY]);
    expect(harness.ticker.connections()[0]?.userId).toBe('TT0001');
    clients.forEach((c) => c.close());
  });

  it('answers bad or missing credentials with HTTP 403 before upgrading', async () => {
    harness = await startTickerHarness();
    expect(await rejectionStatus(tickerUrl(harness.url, API_KEY, 'wrong-token'))).toBe(403);
    expect(await rejectionStatus(tickerUrl(harness.url, 'wrong-key', ACCESS_TOKEN))).toBe(403);
    expect(await rejectionStatus(harness.url)).toBe(403);
    expect(await rejectionStatus(`${harness.url}?api_key=${API_KEY}`)).toBe(403);
    expect(harness.ticker.connections()).toEqual([]);
  });

  it('refuses new upgrades with 403 once the token is invalidated', async () => {
    harness = await startTickerHarness();
    const before = await TestClient.connect(tickerUrl(harness.url));
    expect(harness.sessions.invalidate(API_KEY, ACCESS_TOKEN)).toBe(true);
    expect(await rejectionStatus(tickerUrl(harness.url))).toBe(403);
    before.close();
  });

  it('caps connections per api key at 3 by default (HTTP 429 beyond) and frees a slot on close', async () => {
    harness = await startTickerHarness();
    const clients = await Promise.all([1, 2, 3].map(() => TestClient.connect(tickerUrl(harness!.url))));
    expect(await rejectionStatus(tickerUrl(harness.url))).toBe(429);
    const other = await TestClient.connect(tickerUrl(harness.url, OTHER.apiKey, OTHER.accessToken));
    clients[0]!.close();
    await clients[0]!.closed;
    await vi.waitUntil(() => harness!.ticker.connections().length === 3, POLL);
    const again = await TestClient.connect(tickerUrl(harness.url));
    [...clients, other, again].forEach((c) => c.close());
  });

  it('applies a configured connection cap', async () => {
    harness = await startTickerHarness({ maxConnectionsPerApiKey: 1 });
    const only = await TestClient.connect(tickerUrl(harness.url));
    expect(await rejectionStatus(tickerUrl(harness.url))).toBe(429);
    only.close();
  });

  it('should refuse reconnects for an api key while refuseConnections is active, then accept them', async () => {
    // The refusal window runs on a monotonic clock driven by hand: no real time has to pass, none can race.
    let elapsedMs = 0;
    harness = await startTickerHarness({}, undefined, () => elapsedMs);
    const h = harness;
    const existing = await TestClient.connect(tickerUrl(h.url));
    h.ticker.refuseConnections(API_KEY, 300);
    expect(await rejectionStatus(tickerUrl(h.url))).toBe(503);
    expect(await rejectionStatus(tickerUrl(h.url, OTHER.apiKey, OTHER.accessToken))).toBe(101);
    expect(existing.socket.readyState).toBe(existing.socket.OPEN);
    elapsedMs += 299;
    expect(await rejectionStatus(tickerUrl(h.url))).toBe(503);
    elapsedMs += 1;
    expect(await rejectionStatus(tickerUrl(h.url))).toBe(101);
    existing.close();
  });

  it('clear() lifts a refusal at once', async () => {
    harness = await startTickerHarness();
    harness.ticker.refuseConnections(API_KEY, 60_000);
    expect(await rejectionStatus(tickerUrl(harness.url))).toBe(503);
    harness.ticker.clear();
    expect(await rejectionStatus(tickerUrl(harness.url))).toBe(101);
  });
});
