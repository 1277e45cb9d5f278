import { expect } from 'vitest';
import type { InstrumentState } from '../../../../src/simulator/contracts/simulator.contracts.js';
import { priceDivisor } from '../../../../src/simulator/ticker/index.js';
import type { ParsedTick } from './kite-parser.js';

/** The model's price at the resolution the wire carries for this token's segment. */
const onWire = (token: number, price: number): number => Math.round(price * priceDivisor(token)) / priceDivisor(token);

const seconds = (epochSeconds: number): Date | null => (epochSeconds ? new Date(epochSeconds * 1000) : null);

/** Asserts, field by field, that a tick decoded by kiteconnect carries exactly the model's state. */
export const expectTickMatchesState = (tick: ParsedTick, state: InstrumentState): void => {
  const token = state.instrumentToken;
  const price = (value: number): number => onWire(token, value);
  expect(tick.instrument_token).toBe(token);
  expect(tick.last_price).toBe(price(state.lastPrice));
  if (tick.mode === 'ltp') {
    expect(Object.keys(tick).sort()).toEqual(['instrument_token', 'last_price', 'mode', 'tradable']);
    return;
  }
  expect(tick.ohlc).toEqual({
    open: price(state.open),
    high: price(state.high),
    low: price(state.low),
    close: price(state.close),
  });
  const close = price(state.close);
  expect(tick.change).toBeCloseTo(close === 0 ? 0 : ((price(state.lastPrice) - close) * 100) / close, 9);
  if (!tick.tradable) {
    if (tick.mode === 'full') {
      expect(tick.exchange_timestamp).toEqual(seconds(state.exchangeTimestamp));
    } else {
      expect(tick.exchange_timestamp).toBeUndefined();
    }
    return;
  }
  expect(tick.last_traded_quantity).toBe(state.lastQuantity);
  expect(tick.average_traded_price).toBe(price(state.averagePrice));
  expect(tick.volume_traded).toBe(state.volume);
  expect(tick.total_buy_quantity).toBe(state.buyQuantity);
  expect(tick.total_sell_quantity).toBe(state.sellQuantity);
  if (tick.mode === 'quote') {
    expect(tick.depth).toBeUndefined();
    return;
  }
  expect(tick.last_trade_time).toEqual(seconds(state.lastTradeTime));
  expect(tick.exchange_timestamp).toEqual(seconds(state.exchangeTimestamp));
  expect(tick.oi).toBe(state.oi);
  expect(tick.oi_day_high).toBe(state.oiDayHigh);
  expect(tick.oi_day_low).toBe(state.oiDayLow);
  for (const side of ['buy', 'sell'] as const) {
    expect(tick.depth?.[side]).toEqual(
      state.depth[side].map((level) => ({ quantity: level.quantity, price: price(level.price), orders: level.orders })),
    );
  }
};
