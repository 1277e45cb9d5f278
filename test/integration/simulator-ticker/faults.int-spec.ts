import { afterEach, describe, expect, it, vi } from 'vitest';
import { POLL } from '../../support/polling.js';
import type { MalformedFrameKind } from '../../../src/simulator/contracts/simulator.contracts.js';
import { PACKET_BYTES } from '../../../src/simulator/ticker/index.js';
import { createKiteParser } from './support/kite-parser.js';
import { TestClient } from './support/test-client.js';
import { API_KEY, startTickerHarness, tickerUrl, USER_ID, type TickerHarness } from './support/ticker-harness.js';

const FAST = { ticksPerSecondPerInstrument: 50, frameIntervalMs: 10, heartbeatIntervalMs: 50 };
const KITE_PACKET_SIZES = new Set<number>(Object.values(PACKET_BYTES));
const ABNORMAL_CLOSURE = 1006;
const MARKER = { order_id: 'marker' };
const WIDE_CHAIN_STRIKES = 100;

let harness: TickerHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const connectTicking = async (h: TickerHarness): Promise<TestClient> => {
  const client = await TestClient.connect(tickerUrl(h.url));
  client.subscribe(
    h.market
      .instruments()
      .slice(0, 20)
      .map((i) => i.instrumentToken),
    'full',
  );
  await vi.waitUntil(() => client.ticks().length > 40, POLL);
  return client;
};

const markerIndex = (client: TestClient): number | undefined => {
  const index = client.received.findIndex(
    (m) => m.kind === 'text' && typeof m.data === 'object' && m.data.type === 'order',
  );
  return index >= 0 ? index : undefined;
};

/** Waits for the order-update marker (its index may be 0, so the wait is on a defined index, not a truthy one). */
const markerOf = (client: TestClient): Promise<number> =>
  vi.waitFor(() => {
    const index = markerIndex(client);
    if (index === undefined) {
      throw new Error('no order update yet');
    }
    return index;
  }, POLL);

/** True when the frame follows Kite's framing exactly: declared lengths fill the frame with known packet sizes. */
const isWellFormedKiteFrame = (frame: ArrayBuffer): boolean => {
  const view = new DataView(frame);
  if (frame.byteLength < 2) {
    return false;
  }
  let at = 2;
  for (let i = 0; i < view.getUint16(0); i++) {
    if (at + 2 > frame.byteLength) {
      return false;
    }
    const size = view.getUint16(at);
    if (!KITE_PACKET_SIZES.has(size) || at + 2 + size > frame.byteLength) {
      return false;
    }
    at += 2 + size;
  }
  return at === frame.byteLength;
};

describe('ticker fault injection', () => {
  it('drop: the client sees an abrupt close (1006, no close frame)', async () => {
    harness = await startTickerHarness(FAST);
    const client = await connectTicking(harness);
    expect(harness.ticker.drop({ apiKey: API_KEY })).toBe(1);
    expect((await client.closed).code).toBe(ABNORMAL_CLOSURE);
  });

  it('close: a clean close with the requested code and reason, 1000 by default', async () => {
    harness = await startTickerHarness(FAST);
    const [a, b] = await Promise.all([connectTicking(harness), connectTicking(harness)]);
    const [first] = harness.ticker.connections();
    expect(harness.ticker.close({ connectionId: first!.connectionId }, 4001, 'maintenance')).toBe(1);
    const closedA = await Promise.race([a.closed, b.closed]);
    expect(closedA).toEqual({ code: 4001, reason: 'maintenance' });
    await vi.waitUntil(() => harness!.ticker.connections().length === 1, POLL);
    expect(harness.ticker.close({ all: true })).toBe(1);
    const codes = await Promise.all([a.closed, b.closed]);
    expect(codes.map((c) => c.code).sort()).toEqual([1000, 4001]);
    expect(() => harness!.ticker.close({ all: true }, 1006)).toThrow(RangeError);
  });

  it('stallTicks: heartbeats continue, ticks stop, and resume after clear()', async () => {
    harness = await startTickerHarness(FAST);
    const client = await connectTicking(harness);
    harness.ticker.publishOrderUpdate(USER_ID, MARKER);
    expect(harness.ticker.stallTicks({ apiKey: API_KEY }, 60_000)).toBe(1);
    const marker = await markerOf(client);
    await vi.waitUntil(() => client.heartbeats(marker).length >= 5, POLL);
    expect(client.ticks(marker)).toEqual([]);
    harness.ticker.clear();
    const resumedFrom = client.received.length;
    await vi.waitUntil(() => client.ticks(resumedFrom).length > 0, POLL);
    client.close();
  });

  it('stallAll: nothing at all reaches a stalled connection while another keeps its heartbeats', async () => {
    harness = await startTickerHarness(FAST);
    const stalled = await connectTicking(harness);
    const control = await connectTicking(harness);
    const stalledId = harness.ticker.connections()[0]!.connectionId;
    harness.ticker.publishOrderUpdate(USER_ID, MARKER);
    expect(harness.ticker.stallAll({ connectionId: stalledId }, 60_000)).toBe(1);
    const stalledMarker = await markerOf(stalled);
    const controlMarker = await markerOf(control);
    await vi.waitUntil(() => control.heartbeats(controlMarker).length >= 5, POLL);
    expect(control.ticks(controlMarker).length).toBeGreaterThan(0);
    harness.ticker.publishOrderUpdate(USER_ID, { order_id: 'lost' });
    await vi.waitUntil(() => control.texts('order').length === 2, POLL);
    expect(stalled.received.slice(stalledMarker + 1)).toEqual([]);
    expect(stalled.socket.readyState).toBe(stalled.socket.OPEN);
    harness.ticker.clear();
    await vi.waitUntil(() => stalled.heartbeats(stalledMarker).length > 0, POLL);
    [stalled, control].forEach((c) => c.close());
  });

  it.each(['truncated', 'bad-length', 'garbage', 'short-packet'] as const)(
    'sendMalformed %s: frames that break Kite framing, on a connection that keeps working',
    async (kind: MalformedFrameKind) => {
      harness = await startTickerHarness(FAST);
      const client = await connectTicking(harness);
      harness.ticker.stallTicks({ all: true }, 60_000);
      harness.ticker.publishOrderUpdate(USER_ID, MARKER);
      expect(harness.ticker.sendMalformed({ apiKey: API_KEY }, kind, 3)).toBe(1);
      const marker = await markerOf(client);
      await vi.waitUntil(() => client.binaryFrames(marker).filter((f) => f.byteLength > 1).length >= 3, POLL);
      const malformed = client.binaryFrames(marker).filter((f) => f.byteLength > 1);
      expect(malformed).toHaveLength(3);
      expect(malformed.map(isWellFormedKiteFrame)).toEqual([false, false, false]);
      if (kind !== 'garbage') {
        // kiteconnect's parser does no bounds checking: it must at least not throw on these.
        const parse = createKiteParser();
        expect(() => malformed.map((f) => parse(f))).not.toThrow();
      }
      harness.ticker.clear();
      const resumedFrom = client.received.length;
      await vi.waitUntil(() => client.ticks(resumedFrom).length > 0, POLL);
      expect(
        client
          .binaryFrames(resumedFrom)
          .filter((f) => f.byteLength > 1)
          .every(isWellFormedKiteFrame),
      ).toBe(true);
      client.close();
    },
  );

  it.each(['drop-ticks', 'disconnect'] as const)(
    'slow consumer (%s): a client that stops reading is bounded by maxBufferedBytes',
    async (policy) => {
      harness = await startTickerHarness(
        { ...FAST, maxBufferedBytes: 64 * 1024, slowConsumerPolicy: policy, maxInstrumentsPerConnection: 5000 },
        WIDE_CHAIN_STRIKES,
      );
      const h = harness;
      const client = await TestClient.connect(tickerUrl(h.url));
      client.socket.pause();
      client.subscribe(
        h.market.instruments().map((i) => i.instrumentToken),
        'full',
      );
      if (policy === 'drop-ticks') {
        await vi.waitUntil(() => h.ticker.stats().ticksDropped > 0, POLL);
        expect(h.ticker.connections()).toHaveLength(1);
        client.socket.resume();
        const from = client.received.length;
        await vi.waitUntil(() => client.ticks(from).length > 0, POLL);
        client.close();
      } else {
        await vi.waitUntil(() => h.ticker.stats().slowConsumerDisconnects > 0, POLL);
        client.socket.resume();
        expect((await client.closed).code).toBe(ABNORMAL_CLOSURE);
      }
    },
  );

  it('lists connections with their subscription counts', async () => {
    harness = await startTickerHarness(FAST);
    const client = await connectTicking(harness);
    expect(harness.ticker.connections()).toEqual([
      expect.objectContaining({ apiKey: API_KEY, userId: USER_ID, subscribedCount: 20 }),
    ]);
    client.close();
    await client.closed;
    await vi.waitUntil(() => harness!.ticker.connections().length === 0, POLL);
  });
});
