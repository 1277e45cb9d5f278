import type { InstrumentState, SimInstrument } from '../contracts/simulator.contracts.js';
import { formatIstDateTime } from '../../common/time/ist.js';

const CIRCUIT_BAND = 0.2;
const PRICE_DECIMALS = 100;
const round2 = (x: number): number => Math.round(x * PRICE_DECIMALS) / PRICE_DECIMALS;
const MS_PER_SECOND = 1_000;

const ohlc = (s: InstrumentState) => ({ open: s.open, high: s.high, low: s.low, close: s.close });
const depthSide = (levels: InstrumentState['depth']['buy']) =>
  levels.map((l) => ({ price: l.price, quantity: l.quantity, orders: l.orders }));

/** Kite's /quote entry. */
export const fullQuote = (i: SimInstrument, s: InstrumentState, nowMs: number) => ({
  instrument_token: i.instrumentToken,
  timestamp: formatIstDateTime(nowMs),
  last_trade_time: s.lastTradeTime > 0 ? formatIstDateTime(s.lastTradeTime * MS_PER_SECOND) : null,
  last_price: s.lastPrice,
  last_quantity: s.lastQuantity,
  buy_quantity: s.buyQuantity,
  sell_quantity: s.sellQuantity,
  volume: s.volume,
  average_price: s.averagePrice,
  oi: s.oi,
  oi_day_high: s.oiDayHigh,
  oi_day_low: s.oiDayLow,
  net_change: round2(s.lastPrice - s.close),
  lower_circuit_limit: i.kind === 'INDEX' ? 0 : round2(Math.max(i.tickSize, s.close * (1 - CIRCUIT_BAND))),
  upper_circuit_limit: i.kind === 'INDEX' ? 0 : round2(s.close * (1 + CIRCUIT_BAND)),
  ohlc: ohlc(s),
  depth: { buy: depthSide(s.depth.buy), sell: depthSide(s.depth.sell) },
});

export const ohlcQuote = (i: SimInstrument, s: InstrumentState) => ({
  instrument_token: i.instrumentToken,
  last_price: s.lastPrice,
  ohlc: ohlc(s),
});

export const ltpQuote = (i: SimInstrument, s: InstrumentState) => ({
  instrument_token: i.instrumentToken,
  last_price: s.lastPrice,
});
