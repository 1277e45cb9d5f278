import { afterEach, describe, expect, it, vi } from 'vitest';
import { POLL } from '../../support/polling.js';
import { TestClient } from './support/test-client.js';
import { OTHER, startTickerHarness, tickerUrl, USER_ID, type TickerHarness } from './support/ticker-harness.js';

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
  it('should send 1-byte heartbeats on an idle connection with the default options', async () => {
    // Their interval is checked with fake timers in tick-scheduler.spec; here, that they reach a real client.
    harness = await startTickerHarness();
    const client = await TestClient.connect(tickerUrl(harness.url));
    await vi.waitUntil(() => client.heartbeats().length >= 3, POLL);
    expect(client.received.every((m) => m.kind === 'binary' && new Uint8Array(m.data).join() === '0')).toBe(true);
    client.close();
  });

  it('closes a connection whose message exceeds maxClientMessageBytes with 1009', async () => {
    harness = await startTickerHarness({ maxClientMessageBytes: 1024 });
    const client = await TestClient.connect(tickerUrl(harness.url));
    client.send({ a: 'subscribe', v: Array.from({ length: 500 }, (_, i) => 1000 + i) });
    expect((await client.closed).code).toBe(MESSAGE_TOO_BIG);
  });

  it('should keep sending heartbeats alongside ticks once instruments are subscribed', async () => {
    harness = await startTickerHarness({ heartbeatIntervalMs: 100 });
    const client = await TestClient.connect(tickerUrl(harness.url));
    client.subscribe(tokens(harness, 2), 'ltp');
    await vi.waitUntil(() => client.ticks().length > 0 && client.heartbeats().length >= 5, POLL);
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
    const errors = await vi.waitUntil(() => client.texts('error').length > 0 && client.texts('error'), POLL);
    expect(errors).toEqual([{ type: 'error', data: expect.stringContaining('3000') }]);
    expect(errors[0]!.data).toContain(`${all.length - 3000} not subscribed`);
    expect(harness.ticker.connections()[0]!.subscribedCount).toBe(3000);
    // The connection stays up and still serves the accepted instruments.
    client.send({ a: 'mode', v: ['ltp', [all[0]]] });
    await vi.waitUntil(() => client.ticks().some((t) => t.mode === 'ltp' && t.instrument_token === all[0]), POLL);
    client.close();
  });

  it('applies a configured instrument cap', async () => {
    harness = await startTickerHarness({ maxInstrumentsPerConnection: 10, ticksPerSecondPerInstrument: 0 });
    const client = await TestClient.connect(tickerUrl(harness.url));
    client.subscribe(tokens(harness, 12));
    await vi.waitUntil(() => client.texts('error').length > 0, POLL);
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
    await vi.waitUntil(() => client.texts('error').length >= 6, POLL);
    const [token] = tokens(harness, 1);
    client.subscribe([token!]);
    await vi.waitUntil(() => client.ticks().length > 0, POLL);
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
    await vi.waitUntil(() => client.ticks().length === 5, POLL);
    const afterSnapshot = client.received.length;
    await vi.waitUntil(() => client.heartbeats(afterSnapshot).length >= 5, POLL);
    expect(client.ticks(afterSnapshot)).toEqual([]);
    harness.clock.setPhaseOverride('pre-open');
    await vi.waitUntil(() => client.ticks(afterSnapshot).length > 5, POLL);
    client.close();
    await harness.close();

    harness = await startTickerHarness({ ticksPerSecondPerInstrument: 50, frameIntervalMs: 10, ticksWhenClosed: true });
    harness.clock.setPhaseOverride('holiday');
    const always = await TestClient.connect(tickerUrl(harness.url));
    always.subscribe(tokens(harness, 5));
    await vi.waitUntil(() => always.ticks().length > 20, POLL);
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
      await vi.waitUntil(() => client.texts('order').length === 1, POLL);
      expect(client.texts('order')).toEqual([{ type: 'order', data: order }]);
    }
    h.ticker.publishOrderUpdate(OTHER.userId, { ...order, order_id: '2' });
    await vi.waitUntil(() => theirs.texts('order').length === 1, POLL);
    expect(theirs.texts('order')[0]!.data).toMatchObject({ order_id: '2' });
    expect(mine.map((c) => c.texts('order').length)).toEqual([1, 1]);
    [...mine, theirs].forEach((c) => c.close());
  });
});
