import { SEGMENT_INDICES, SEGMENT_NFO, SEGMENT_NSE, type SimInstrument } from '../contracts/simulator.contracts.js';
import { istDayNumber } from '../../common/time/ist.js';
import type { MarketCalendar } from '../../common/time/market-calendar.js';
import { type Expiry, monthlyExpiries, optionExpiries } from './expiries.js';
import { DEFAULT_TICK_SIZE, type EquitySpec, type UnderlyingSpec } from './market-config.js';
import { futureSymbol, monthlyOptionSymbol, weeklyOptionSymbol } from './symbols.js';

const SEGMENT_SHIFT = 256;
/** First exchange token handed to listed derivatives (indices keep Kite's own). */
const FIRST_DERIVATIVE_EXCHANGE_TOKEN = 35_001;

export interface ListedInstrument {
  instrument: SimInstrument;
  underlyingIndex: number;
  expiryMs: number;
}

/** Builds the instrument list for the trading day of `listingMs`: indices, monthly futures and option chains. */
export const buildUniverse = (
  underlyings: readonly UnderlyingSpec[],
  listingMs: number,
  calendar: MarketCalendar,
): ListedInstrument[] => {
  const listingDay = istDayNumber(listingMs);
  const listed: ListedInstrument[] = [];
  let nextExchangeToken = FIRST_DERIVATIVE_EXCHANGE_TOKEN;
  const nfoToken = (): { exchangeToken: number; instrumentToken: number } => {
    const exchangeToken = nextExchangeToken++;
    return { exchangeToken, instrumentToken: exchangeToken * SEGMENT_SHIFT + SEGMENT_NFO };
  };

  underlyings.forEach((spec, underlyingIndex) => {
    const indexToken = spec.indexExchangeToken * SEGMENT_SHIFT + SEGMENT_INDICES;
    listed.push({
      underlyingIndex,
      expiryMs: Number.POSITIVE_INFINITY,
      instrument: {
        instrumentToken: indexToken,
        exchangeToken: spec.indexExchangeToken,
        tradingsymbol: spec.indexSymbol,
        name: spec.indexSymbol,
        exchange: 'NSE',
        segment: 'INDICES',
        kind: 'INDEX',
        strike: 0,
        expiry: null,
        lotSize: 0,
        tickSize: DEFAULT_TICK_SIZE,
        underlyingToken: indexToken,
      },
    });
    const derivative = (
      expiry: Expiry,
      tradingsymbol: string,
      kind: SimInstrument['kind'],
      strike: number,
    ): ListedInstrument => ({
      underlyingIndex,
      expiryMs: expiry.expiryMs,
      instrument: {
        ...nfoToken(),
        tradingsymbol,
        name: spec.name,
        exchange: 'NFO',
        segment: kind === 'FUT' ? 'NFO-FUT' : 'NFO-OPT',
        kind,
        strike,
        expiry: expiry.date,
        lotSize: spec.lotSize,
        tickSize: DEFAULT_TICK_SIZE,
        underlyingToken: indexToken,
      },
    });
    for (const expiry of monthlyExpiries(listingMs, spec.futureMonths, calendar, listingDay)) {
      listed.push(derivative(expiry, futureSymbol(spec.name, expiry.day), 'FUT', 0));
    }
    const atm = Math.round(spec.spot / spec.strikeStep) * spec.strikeStep;
    for (const expiry of optionExpiries(listingMs, listingDay, spec.weeklyExpiries, spec.monthlyExpiries, calendar)) {
      for (let i = -spec.strikesEachSide; i <= spec.strikesEachSide; i += 1) {
        const strike = atm + i * spec.strikeStep;
        if (strike <= 0) {
          continue; // a very wide chain (large universes for capacity tests) stops at the lowest positive strike
        }
        for (const type of ['CE', 'PE'] as const) {
          const symbol = expiry.monthly
            ? monthlyOptionSymbol(spec.name, expiry.day, strike, type)
            : weeklyOptionSymbol(spec.name, expiry.day, strike, type);
          listed.push(derivative(expiry, symbol, type, strike));
        }
      }
    }
  });
  return listed;
};

/** NSE cash equities: segment NSE, lot size 1, Kite's own tokens (exchange token × 256 + 1), never expiring. */
export const listEquities = (equities: readonly EquitySpec[]): SimInstrument[] =>
  equities.map((spec) => {
    const instrumentToken = spec.exchangeToken * SEGMENT_SHIFT + SEGMENT_NSE;
    return {
      instrumentToken,
      exchangeToken: spec.exchangeToken,
      tradingsymbol: spec.tradingsymbol,
      name: spec.name,
      exchange: 'NSE',
      segment: 'NSE',
      kind: 'EQ',
      strike: 0,
      expiry: null,
      lotSize: 1,
      tickSize: spec.tickSize,
      underlyingToken: instrumentToken,
    };
  });
