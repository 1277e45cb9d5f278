import type { SimInstrument } from '../contracts/simulator.contracts.js';
import type { MarketModel } from '../market/market-model.js';
import type { PlaceRequest } from './order-validation.js';
import type { PositionTotal } from './positions.js';
import { type DerivativeLeg, exposureMargin, portfolioScanRisk, scanRisk } from './span-model.js';

/** Intraday (MIS) equity positions block a fifth of their value (5× leverage). */
export const EQUITY_INTRADAY_RATE = 0.2;
const PRICE_DECIMALS = 100;
export const round2 = (x: number): number => Math.round(x * PRICE_DECIMALS) / PRICE_DECIMALS;

export const isOption = (kind: string | undefined): boolean => kind === 'CE' || kind === 'PE';
/** Delivery products: the full value is paid (CNC; MTF is treated the same way here). */
export const isDelivery = (product: string): boolean => product === 'CNC' || product === 'MTF';

/** Underlying notional per unit: the future's own price, the index level for options, the price for equities. */
export const notional = (market: MarketModel, token: number, now: number): number => {
  const instrument = market.instrument(token);
  if (!instrument) {
    return 0;
  }
  const priced = instrument.kind === 'FUT' || instrument.kind === 'EQ' ? token : instrument.underlyingToken;
  return market.tick(priced, now)?.lastPrice ?? 0;
};

/** The price a new order would trade at: its limit, else the touch it would hit, else the last price. */
export const expectedPrice = (
  instrument: SimInstrument,
  buy: boolean,
  limitPrice: number,
  market: MarketModel,
  now: number,
): number => {
  if (limitPrice > 0) {
    return limitPrice;
  }
  const state = market.tick(instrument.instrumentToken, now);
  const touch = buy ? state?.depth.sell[0]?.price : state?.depth.buy[0]?.price;
  return touch !== undefined && touch > 0 ? touch : (state?.lastPrice ?? 0);
};

export const requiredMargin = (request: PlaceRequest, market: MarketModel, now: number): number => {
  const { instrument, quantity, transactionType } = request;
  const buy = transactionType === 'BUY';
  if (instrument.kind === 'EQ') {
    const value = expectedPrice(instrument, buy, request.price, market, now) * quantity;
    if (isDelivery(request.product)) {
      // A delivery sell is paid for by the holdings it sells (checked separately), not by margin.
      return buy ? round2(value) : 0;
    }
    return round2(value * EQUITY_INTRADAY_RATE);
  }
  if (isOption(instrument.kind) && buy) {
    return round2(expectedPrice(instrument, buy, request.price, market, now) * quantity);
  }
  const leg = { instrument, quantity: buy ? quantity : -quantity };
  return round2(scanRisk([leg], market, now) + exposureMargin(leg, market, now));
};

const emptySegment = () => ({
  enabled: false,
  net: 0,
  available: { adhoc_margin: 0, cash: 0, opening_balance: 0, live_balance: 0, collateral: 0, intraday_payin: 0 },
  utilised: {
    debits: 0,
    exposure: 0,
    m2m_realised: 0,
    m2m_unrealised: 0,
    option_premium: 0,
    payout: 0,
    span: 0,
    holding_sales: 0,
    turnover: 0,
    liquid_collateral: 0,
    stock_collateral: 0,
    delivery: 0,
  },
});

interface Utilisation {
  /** Open futures and short options, scanned together per underlying (long options are added back). */
  legs: DerivativeLeg[];
  span: number;
  exposure: number;
  premium: number;
  delivery: number;
  realised: number;
  unrealisedLoss: number;
  turnover: number;
}

/** Adds one position's blocked margin and P&L: premiums and deliveries are paid, the rest is margined. */
const utilise = (u: Utilisation, p: PositionTotal, market: MarketModel, now: number): void => {
  const instrument = market.instrument(p.token);
  const kind = instrument?.kind;
  const last = market.tick(p.token, now)?.lastPrice ?? 0;
  const pnl = p.value + p.quantity * last;
  u.turnover += p.buyValue + p.sellValue;
  if (p.quantity === 0) {
    u.realised += p.value;
    return;
  }
  if (kind === 'EQ' && isDelivery(p.product)) {
    u.delivery += p.quantity > 0 ? Math.max(-p.value, 0) : 0;
    return;
  }
  if (isOption(kind) && p.quantity > 0) {
    // Long options: the premium is paid up front; unrealised option gains are not credited.
    u.premium += Math.max(-p.value, 0);
    return;
  }
  if (instrument && kind !== 'EQ') {
    u.legs.push({ instrument, quantity: p.quantity });
  }
  if (kind === 'EQ') {
    u.exposure += notional(market, p.token, now) * Math.abs(p.quantity) * EQUITY_INTRADAY_RATE;
  } else if (instrument) {
    u.exposure += exposureMargin({ instrument, quantity: p.quantity }, market, now);
  }
  // Open losses are blocked; open gains are not usable until booked.
  u.unrealisedLoss += Math.max(-pnl, 0);
};

/** Kite's /user/margins shape from a cash balance and the day's positions. */
export const computeMargins = (
  openingBalance: number,
  positions: readonly PositionTotal[],
  market: MarketModel,
  now: number,
): Record<string, unknown> => {
  const u: Utilisation = {
    legs: [],
    span: 0,
    exposure: 0,
    premium: 0,
    delivery: 0,
    realised: 0,
    unrealisedLoss: 0,
    turnover: 0,
  };
  for (const p of positions) {
    utilise(u, p, market, now);
  }
  // Long options hedge the shorts and futures of their underlying.
  const longOptions = positions.flatMap((p) => {
    const instrument = market.instrument(p.token);
    return instrument && isOption(instrument.kind) && p.quantity > 0 ? [{ instrument, quantity: p.quantity }] : [];
  });
  u.span = portfolioScanRisk([...u.legs, ...longOptions], market, now);
  // Booked profits are credited (negative utilisation), booked losses debited.
  const m2mRealised = -u.realised;
  const debits = u.span + u.exposure + u.premium + u.delivery + m2mRealised + u.unrealisedLoss;
  const net = openingBalance - debits;
  return {
    equity: {
      enabled: true,
      net: round2(net),
      available: {
        adhoc_margin: 0,
        cash: openingBalance,
        opening_balance: openingBalance,
        live_balance: round2(net),
        collateral: 0,
        intraday_payin: 0,
      },
      utilised: {
        debits: round2(debits),
        exposure: round2(u.exposure),
        m2m_realised: round2(m2mRealised),
        m2m_unrealised: round2(u.unrealisedLoss),
        option_premium: round2(u.premium),
        payout: 0,
        span: round2(u.span),
        holding_sales: 0,
        turnover: round2(u.turnover),
        liquid_collateral: 0,
        stock_collateral: 0,
        delivery: round2(u.delivery),
      },
    },
    commodity: emptySegment(),
  };
};
