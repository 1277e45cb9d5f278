import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_TICKER_OPTIONS } from '../../../src/simulator/ticker/index.js';
import { TestClient } from './support/test-client.js';
import { OTHER, startTickerHarness, tickerUrl, USER_ID, type TickerHarness } from './support/ticker-harness.js';

/** The official client drops a connection that has been silent for 5 s (kite-protocol.md §1.5). */
const CLIENT_READ_TIMEOUT_MS = 5000;
const WIDE_CHAIN_STRIKES = 100;
const MESSAGE_TOO_BIG = 1009;

let harness: TickerHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const tokens = (h: TickerHarness, count: number): number[] =>
  h.market
    .instruments()
    .slice(0, count)
    .map((i) => i.instrumentToken);

describe('ticker protocol edges', () => {
  it('sends a 1-byte heartbeat every 1–2 s by default', () => {
    expect(DEFAULT_TICKER_OPTIONS.heartbeatIntervalMs).toBeGreaterThanOrEqual(1000);
    expect(DEFAULT_TICKER_OPTIONS.heartbeatIntervalMs).toBeLessThanOrEqual(2000);
  });

  it('with default options, sends heartbeats on an idle connection more often than the client read timeout', async () => {
    harness = await startTickerHarness();
    const client = await TestClient.connect(tickerUrl(harness.url));
    const connectedAt = performance.now();
    await client.waitFor(() => client.heartbeats().length >= 3, 'three heartbeats');
    const times = [connectedAt, ...client.heartbeats().map((m) => m.at)];
    expect(Math.max(...times.slice(1).map((t, i) => t - times[i]!))).toBeLessThan(CLIENT_READ_TIMEOUT_MS);
    client.close();
  });

  it('closes a connection whose message exceeds maxClientMessageBytes with 1009', async () => {
    harness = await startTickerHarness({ maxClientMessageBytes: 1024 });
    const client = await TestClient.connect(tickerUrl(harness.url));
    client.send({ a: 'subscribe', v: Array.from({ length: 500 }, (_, i) => 1000 + i) });
    expect((await client.closed).code).toBe(MESSAGE_TOO_BIG);
  });

  it('keeps sending heartbeats, each well inside the client read timeout, with or without subscriptions', async () => {
    harness = await startTickerHarness({ heartbeatIntervalMs: 100 });
    const client = await TestClient.connect(tickerUrl(harness.url));
    const connectedAt = performance.now();
    await client.waitFor(() => client.heartbeats().length >= 5, 'five heartbeats');
    const times = [connectedAt, ...client.heartbeats().map((m) => m.at)];
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(Math.max(...gaps)).toBeLessThan(CLIENT_READ_TIMEOUT_MS);
    expect(client.heartbeats().every((m) => m.kind === 'binary' && new Uint8Array(m.data)[0] === 0)).toBe(true);
    client.close();
  });

  it('caps a connection at 3000 instruments and answers the excess with an error text frame', async () => {
    harness = await startTickerHarness({ ticksPerSecondPerInstrument: 0 }, WIDE_CHAIN_STRIKES);
    const all = tokens(harness, 3100);
    expect(all.length).toBeGreaterThan(3000);
    const client = await TestClient.connect(tickerUrl(harness.url));
    client.subscribe(all.slice(0, 2990));
    client.subscribe(all.slice(2990));
    const errors = await client.waitFor(() => client.texts('error').length > 0 && client.texts('error'), 'error');
    expect(errors).toEqual([{ type: 'error', data: expect.stringContaining('3000') }]);
    expect(errors[0]!.data).toContain(`${all.length - 3000} not subscribed`);
    expect(harness.ticker.connections()[0]!.subscribedCount).toBe(3000);
    // The connection stays up and still serves the accepted instruments.
    client.send({ a: 'mode', v: ['ltp', [all[0]]] });
    await client.waitFor(() => client.ticks().some((t) => t.mode === 'ltp' && t.instrument_token === all[0]), 'ltp');
    client.close();
  });

  it('applies a configured instrument cap', async () => {
    harness = await startTickerHarness({ maxInstrumentsPerConnection: 10, ticksPerSecondPerInstrument: 0 });
    const client = await TestClient.connect(tickerUrl(harness.url));
    client.subscribe(tokens(harness, 12));
    await client.waitFor(() => client.texts('error').length > 0, 'error');
    expect(client.texts('error')[0]!.data).toContain('2 not subscribed');
    expect(harness.ticker.connections()[0]!.subscribedCount).toBe(10);
    client.close();
  });

  it('answers malformed client messages with error text frames and keeps the connection', async () => {
    harness = await startTickerHarness({ ticksPerSecondPerInstrument: 0 });
    const client = await TestClient.connect(tickerUrl(harness.url));
    for (const bad of [
      '{not json',
      '42',
      '{"a":"dance","v":[1]}',
      '{"a":"mode","v":["turbo",[1]]}',
      '{"a":"subscribe"}',
    ]) {
      client.send(bad);
    }
    client.socket.send(Buffer.from([1, 2, 3]));
    await client.waitFor(() => client.texts('error').length >= 6, 'six error frames');
    const [token] = tokens(harness, 1);
    client.subscribe([token!]);
    await client.waitFor(() => client.ticks().length > 0, 'a snapshot after the bad messages');
    client.close();
  });

  it('sends no ticks while the market is closed unless ticksWhenClosed is set', async () => {
    harness = await startTickerHarness({
      ticksPerSecondPerInstrument: 50,
      frameIntervalMs: 10,
      heartbeatIntervalMs: 50,
    });
    harness.clock.setPhaseOverride('closed');
    const client = await TestClient.connect(tickerUrl(harness.url));
    client.subscribe(tokens(harness, 5));
    await client.waitFor(() => client.ticks().length === 5, 'the snapshot (sent even when closed)');
    const afterSnapshot = client.received.length;
    await client.waitFor(() => client.heartbeats(afterSnapshot).length >= 5, 'heartbeats');
    expect(client.ticks(afterSnapshot)).toEqual([]);
    harness.clock.setPhaseOverride('pre-open');
    await client.waitFor(() => client.ticks(afterSnapshot).length > 5, 'ticks in pre-open');
    client.close();
    await harness.close();

    harness = await startTickerHarness({ ticksPerSecondPerInstrument: 50, frameIntervalMs: 10, ticksWhenClosed: true });
    harness.clock.setPhaseOverride('holiday');
    const always = await TestClient.connect(tickerUrl(harness.url));
    always.subscribe(tokens(harness, 5));
    await always.waitFor(() => always.ticks().length > 20, 'ticks on a holiday');
    always.close();
  });

  it('pushes order updates as text frames to every connection of that user only', async () => {
    harness = await startTickerHarness();
    const h = harness;
    const mine = await Promise.all([TestClient.connect(tickerUrl(h.url)), TestClient.connect(tickerUrl(h.url))]);
    const theirs = await TestClient.connect(tickerUrl(h.url, OTHER.apiKey, OTHER.accessToken));
    const order = { order_id: '1234567890123456789', status: 'COMPLETE', tag: 'abc', filled_quantity: 65 };
    h.ticker.publishOrderUpdate(USER_ID, order);
    for (const client of mine) {
      await client.waitFor(() => client.texts('order').length === 1, 'order update');
      expect(client.texts('order')).toEqual([{ type: 'order', data: order }]);
    }
    h.ticker.publishOrderUpdate(OTHER.userId, { ...order, order_id: '2' });
    await theirs.waitFor(() => theirs.texts('order').length === 1, 'the other user update');
    expect(theirs.texts('order')[0]!.data).toMatchObject({ order_id: '2' });
    expect(mine.map((c) => c.texts('order').length)).toEqual([1, 1]);
    [...mine, theirs].forEach((c) => c.close());
  });
});
