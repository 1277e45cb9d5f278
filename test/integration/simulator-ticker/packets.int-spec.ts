import { afterEach, describe, expect, it, vi } from 'vitest';
import { POLL } from '../../support/polling.js';
import type { InstrumentKind } from '../../../src/simulator/contracts/simulator.contracts.js';
import { PACKET_BYTES } from '../../../src/simulator/ticker/index.js';
import { expectTickMatchesState } from './support/expect-tick.js';
import type { ParsedTick } from './support/kite-parser.js';
import { TestClient } from './support/test-client.js';
import { startTickerHarness, tickerUrl, type TickerHarness } from './support/ticker-harness.js';

const NIFTY_50 = 256265;
const NIFTY_BANK = 260105;
const FAST = { ticksPerSecondPerInstrument: 20, frameIntervalMs: 20 };

let harness: TickerHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const tokenOf = (h: TickerHarness, kind: InstrumentKind, name = 'NIFTY'): number => {
  const found = h.market.instruments().find((i) => i.kind === kind && i.name === name);
  if (found === undefined) {
    throw new Error(`no ${kind} for ${name} in the model`);
  }
  return found.instrumentToken;
};

/** Every tick for `token`, in arrival order, must equal the model state handed out for it at send time. */
const expectWireMatchesModel = (h: TickerHarness, ticks: ParsedTick[], token: number): void => {
  const sent = h.market.statesOf(token);
  const received = ticks.filter((t) => t.instrument_token === token);
  expect(received.length).toBeGreaterThan(0);
  expect(received.length).toBeLessThanOrEqual(sent.length);
  received.forEach((tick, k) => expectTickMatchesState(tick, sent[k]!));
};

const packetSizes = (frame: ArrayBuffer): number[] => {
  const view = new DataView(frame);
  const sizes: number[] = [];
  let at = 2;
  for (let i = 0; i < view.getUint16(0); i++) {
    const size = view.getUint16(at);
    sizes.push(size);
    at += 2 + size;
  }
  expect(at).toBe(frame.byteLength);
  return sizes;
};

describe('ticker packets decoded by kiteconnect parseBinary', () => {
  it.each(['ltp', 'quote', 'full'] as const)(
    '%s mode: option, future and index packets carry the model values field by field',
    async (mode) => {
      harness = await startTickerHarness(FAST);
      const h = harness;
      const tokens = [tokenOf(h, 'CE'), tokenOf(h, 'PE'), tokenOf(h, 'FUT'), tokenOf(h, 'CE', 'BANKNIFTY'), NIFTY_50];
      const client = await TestClient.connect(tickerUrl(h.url));
      client.subscribe(tokens, mode);
      await vi.waitUntil(
        () => tokens.every((token) => client.ticks().filter((t) => t.instrument_token === token).length >= 5),
        POLL,
      );
      client.close();
      await client.closed;
      const ticks = client.ticks();
      const lastOfEach = tokens.map((token) => ticks.filter((t) => t.instrument_token === token).at(-1)!);
      expect(lastOfEach.map((t) => t.mode)).toEqual(tokens.map(() => mode));
      expect(lastOfEach.map((t) => t.tradable)).toEqual([true, true, true, true, false]);
      for (const token of tokens) {
        expectWireMatchesModel(h, ticks, token);
      }
      const expectedSizes = {
        ltp: [PACKET_BYTES.ltp],
        quote: [PACKET_BYTES.quote, PACKET_BYTES.indexQuote],
        full: [PACKET_BYTES.full, PACKET_BYTES.indexFull],
      }[mode];
      const sizes = new Set(client.binaryFrames().slice(-5).flatMap(packetSizes));
      sizes.delete(PACKET_BYTES.quote); // the snapshot sent for the bare subscribe is in the default mode
      sizes.delete(PACKET_BYTES.indexQuote);
      for (const size of sizes) {
        expect(expectedSizes).toContain(size);
      }
    },
  );

  it('subscribes in quote mode by default and answers subscribe and mode with a snapshot', async () => {
    harness = await startTickerHarness({ ticksPerSecondPerInstrument: 0 });
    const client = await TestClient.connect(tickerUrl(harness.url));
    const option = tokenOf(harness, 'CE');
    client.subscribe([option, NIFTY_BANK]);
    const snapshot = await vi.waitUntil(() => client.ticks().length >= 2 && client.ticks(), POLL);
    expect(snapshot.map((t) => [t.instrument_token, t.mode])).toEqual([
      [option, 'quote'],
      [NIFTY_BANK, 'quote'],
    ]);
    client.send({ a: 'mode', v: ['full', [option]] });
    const afterMode = await vi.waitUntil(() => client.ticks().length >= 3 && client.ticks().slice(2), POLL);
    expect(afterMode.map((t) => [t.instrument_token, t.mode])).toEqual([[option, 'full']]);
    expectWireMatchesModel(harness, client.ticks(), option);
    expectWireMatchesModel(harness, client.ticks(), NIFTY_BANK);
    client.close();
  });

  it('honours a configured default mode and stops ticking an unsubscribed instrument', async () => {
    harness = await startTickerHarness({ ...FAST, defaultMode: 'full' });
    const client = await TestClient.connect(tickerUrl(harness.url));
    const [keep, drop] = [tokenOf(harness, 'FUT'), NIFTY_50];
    client.subscribe([keep, drop]);
    await vi.waitUntil(() => client.ticks().some((t) => t.instrument_token === drop && t.mode === 'full'), POLL);
    client.send({ a: 'unsubscribe', v: [drop] });
    // Once the unsubscribe has been processed, a later subscribe's snapshot marks the point after which
    // no tick of `drop` may arrive.
    const marker = tokenOf(harness, 'PE');
    client.subscribe([marker]);
    const markerAt = await vi.waitFor(() => {
      const index = client.received.findIndex((_, i) => client.ticksAt(i).some((t) => t.instrument_token === marker));
      expect(index).toBeGreaterThanOrEqual(0);
      return index;
    }, POLL);
    await vi.waitUntil(() => client.ticks(markerAt).filter((t) => t.instrument_token === keep).length >= 5, POLL);
    expect(client.ticks(markerAt).some((t) => t.instrument_token === drop)).toBe(false);
    client.close();
  });

  it('batches many instruments into one frame', async () => {
    harness = await startTickerHarness({ ...FAST, ticksPerSecondPerInstrument: 5, frameIntervalMs: 100 });
    const tokens = harness.market
      .instruments()
      .slice(0, 500)
      .map((i) => i.instrumentToken);
    const client = await TestClient.connect(tickerUrl(harness.url));
    client.subscribe(tokens, 'full');
    await vi.waitUntil(() => client.binaryFrames().length >= 6, POLL);
    const largest = Math.max(...client.binaryFrames().map((f) => new DataView(f).getUint16(0)));
    expect(largest).toBeGreaterThan(10);
    client.close();
  });
});
