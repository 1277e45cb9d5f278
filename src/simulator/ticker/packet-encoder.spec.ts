import { describe, expect, it } from 'vitest';
import {
  createKiteParser,
  toArrayBuffer,
  type ParsedTick,
} from '../../../test/integration/simulator-ticker/support/kite-parser.js';
import type { InstrumentState } from '../contracts/simulator.contracts.js';
import { FrameEncoder, PACKET_BYTES, packetLength, priceDivisor, type TickMode } from './packet-encoder.js';

const NFO_OPTION = 12073986; // 47164 * 256 + 2
const NIFTY_50 = 256265; // 1001 * 256 + 9
const CDS_TOKEN = (1234 << 8) | 3;
const BCD_TOKEN = (1234 << 8) | 6;

const stateFor = (instrumentToken: number, lastPrice: number): InstrumentState => ({
  instrumentToken,
  lastPrice,
  lastQuantity: 65,
  averagePrice: lastPrice - 1.25,
  volume: 1_234_500,
  buyQuantity: 45_000,
  sellQuantity: 51_350,
  open: lastPrice - 3.5,
  high: lastPrice + 7.05,
  low: lastPrice - 9.1,
  close: lastPrice - 2.2,
  lastTradeTime: 1_764_047_000,
  oi: 2_345_600,
  oiDayHigh: 2_400_000,
  oiDayLow: 2_100_050,
  exchangeTimestamp: 1_764_047_001,
  depth: {
    buy: [0, 1, 2, 3, 4].map((i) => ({ price: lastPrice - 0.05 * (i + 1), quantity: 650 * (i + 1), orders: 3 + i })),
    sell: [0, 1, 2, 3, 4].map((i) => ({
      price: lastPrice + 0.05 * (i + 1),
      quantity: 700 * (i + 1),
      orders: 40_000 + i,
    })),
  },
});

const parse = createKiteParser();

const encode = (entries: readonly [InstrumentState, TickMode][]): Buffer => {
  const encoder = new FrameEncoder(entries.length);
  for (const [state, mode] of entries) {
    expect(encoder.add(state, mode)).toBe(true);
  }
  const frame = encoder.finish();
  expect(frame).toBeInstanceOf(Buffer);
  return frame!;
};

/** The value the wire can carry: the model's price at the segment's resolution. */
const onWire = (token: number, price: number): number => Math.round(price * priceDivisor(token)) / priceDivisor(token);

const expectTradable = (tick: ParsedTick, state: InstrumentState, mode: 'quote' | 'full'): void => {
  const t = state.instrumentToken;
  expect(tick).toMatchObject({
    tradable: true,
    mode,
    instrument_token: t,
    last_price: onWire(t, state.lastPrice),
    last_traded_quantity: state.lastQuantity,
    average_traded_price: onWire(t, state.averagePrice),
    volume_traded: state.volume,
    total_buy_quantity: state.buyQuantity,
    total_sell_quantity: state.sellQuantity,
    ohlc: {
      open: onWire(t, state.open),
      high: onWire(t, state.high),
      low: onWire(t, state.low),
      close: onWire(t, state.close),
    },
  });
  if (mode === 'quote') {
    expect(tick.depth).toBeUndefined();
    return;
  }
  expect(tick.last_trade_time).toEqual(new Date(state.lastTradeTime * 1000));
  expect(tick.exchange_timestamp).toEqual(new Date(state.exchangeTimestamp * 1000));
  expect(tick.oi).toBe(state.oi);
  expect(tick.oi_day_high).toBe(state.oiDayHigh);
  expect(tick.oi_day_low).toBe(state.oiDayLow);
  for (const side of ['buy', 'sell'] as const) {
    expect(tick.depth?.[side]).toEqual(
      state.depth[side].map((level) => ({
        quantity: level.quantity,
        price: onWire(t, level.price),
        orders: level.orders,
      })),
    );
  }
};

describe('FrameEncoder decoded by kiteconnect parseBinary', () => {
  it('encodes ltp, quote and full packets of an NFO option field by field', () => {
    const state = stateFor(NFO_OPTION, 123.45);
    const frame = encode([
      [state, 'ltp'],
      [state, 'quote'],
      [state, 'full'],
    ]);
    expect(frame.length).toBe(2 + 3 * 2 + PACKET_BYTES.ltp + PACKET_BYTES.quote + PACKET_BYTES.full);
    const [ltp, quote, full] = parse(toArrayBuffer(frame));
    expect(ltp).toEqual({ tradable: true, mode: 'ltp', instrument_token: NFO_OPTION, last_price: 123.45 });
    expectTradable(quote!, state, 'quote');
    expectTradable(full!, state, 'full');
  });

  it('encodes index quote (28 bytes) and full (32 bytes) packets with the H, L, O, C order', () => {
    const state = stateFor(NIFTY_50, 25_912.35);
    const frame = encode([
      [state, 'quote'],
      [state, 'full'],
    ]);
    expect(packetLength(NIFTY_50, 'quote')).toBe(28);
    expect(packetLength(NIFTY_50, 'full')).toBe(32);
    const [quote, full] = parse(toArrayBuffer(frame));
    const ohlc = {
      open: onWire(NIFTY_50, state.open),
      high: onWire(NIFTY_50, state.high),
      low: onWire(NIFTY_50, state.low),
      close: onWire(NIFTY_50, state.close),
    };
    const change = ((state.lastPrice - ohlc.close) * 100) / ohlc.close;
    expect(quote).toMatchObject({ tradable: false, mode: 'quote', instrument_token: NIFTY_50, ohlc });
    expect(quote!.last_price).toBe(state.lastPrice);
    expect(quote!.change).toBeCloseTo(change, 9);
    expect(full).toMatchObject({ tradable: false, mode: 'full', ohlc });
    expect(full!.exchange_timestamp).toEqual(new Date(state.exchangeTimestamp * 1000));
  });

  it('applies the 1e7 (CDS) and 1e4 (BCD) divisors', () => {
    const cds = stateFor(CDS_TOKEN, 83.2512345);
    const bcd = stateFor(BCD_TOKEN, 83.2512);
    const [cdsTick, bcdTick] = parse(
      toArrayBuffer(
        encode([
          [cds, 'quote'],
          [bcd, 'full'],
        ]),
      ),
    );
    expect(cdsTick!.last_price).toBe(83.2512345);
    expect(bcdTick!.last_price).toBe(83.2512);
    expectTradable(cdsTick!, cds, 'quote');
    expectTradable(bcdTick!, bcd, 'full');
  });

  it('keeps every field within 0..2^31-1 and depth orders within uint16', () => {
    const state = stateFor(NFO_OPTION, 10);
    state.volume = 5e12;
    state.oi = -7;
    state.depth.buy[0]!.orders = 1e6;
    const [tick] = parse(toArrayBuffer(encode([[state, 'full']])));
    expect(tick!.volume_traded).toBe(0x7fffffff);
    expect(tick!.oi).toBe(0);
    expect(tick!.depth!.buy[0]!.orders).toBe(0xffff);
  });

  it('refuses packets beyond its capacity and resets after finish', () => {
    const encoder = new FrameEncoder(2);
    const state = stateFor(NFO_OPTION, 1);
    expect(encoder.finish()).toBeUndefined();
    expect(encoder.add(state, 'full')).toBe(true);
    expect(encoder.add(state, 'full')).toBe(true);
    expect(encoder.add(state, 'full')).toBe(false);
    expect(parse(toArrayBuffer(encoder.finish()!))).toHaveLength(2);
    expect(encoder.packetCount).toBe(0);
  });
});
