import type { MarketModel } from '../market/market-model.js';
import type { PlaceRequest } from './order-validation.js';

/** Share of notional blocked for futures and short options (SPAN + exposure, simplified). */
const SPAN_RATE = 0.1;
const EXPOSURE_RATE = 0.02;
const PRICE_DECIMALS = 100;
const round2 = (x: number): number => Math.round(x * PRICE_DECIMALS) / PRICE_DECIMALS;

const isOption = (kind: string | undefined): boolean => kind === 'CE' || kind === 'PE';

/** Underlying notional per unit: the future's own price, the index level for options. */
const notional = (market: MarketModel, token: number, now: number): number => {
  const instrument = market.instrument(token);
  if (!instrument) {
    return 0;
  }
  return market.tick(instrument.kind === 'FUT' ? token : instrument.underlyingToken, now)?.lastPrice ?? 0;
};

export const requiredMargin = (request: PlaceRequest, market: MarketModel, now: number): number => {
  const { instrument, quantity, transactionType } = request;
  const state = market.tick(instrument.instrumentToken, now);
  if (isOption(instrument.kind) && transactionType === 'BUY') {
    const price = request.price > 0 ? request.price : (state?.depth.sell[0]?.price ?? state?.lastPrice ?? 0);
    return round2(price * quantity);
  }
  return round2(notional(market, instrument.instrumentToken, now) * quantity * (SPAN_RATE + EXPOSURE_RATE));
};

/** Kite's /user/margins shape from a cash balance and the day's positions. */
export const computeMargins = (
  openingBalance: number,
  positions: { token: number; quantity: number; value: number }[],
  market: MarketModel,
  now: number,
): Record<string, unknown> => {
  let span = 0;
  let exposure = 0;
  let premium = 0;
  let cashFlow = 0;
  let m2m = 0;
  for (const p of positions) {
    const kind = market.instrument(p.token)?.kind;
    cashFlow += p.value;
    const last = market.tick(p.token, now)?.lastPrice ?? 0;
    m2m += p.value + p.quantity * last;
    if (isOption(kind) && p.quantity >= 0) {
      premium += Math.max(-p.value, 0);
      continue;
    }
    const n = notional(market, p.token, now) * Math.abs(p.quantity);
    span += n * SPAN_RATE;
    exposure += n * EXPOSURE_RATE;
  }
  const debits = span + exposure + premium;
  const net = openingBalance + cashFlow + premium - debits;
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
        exposure: round2(exposure),
        m2m_realised: 0,
        m2m_unrealised: round2(m2m),
        option_premium: round2(premium),
        payout: 0,
        span: round2(span),
        holding_sales: 0,
        turnover: 0,
        liquid_collateral: 0,
        stock_collateral: 0,
        delivery: 0,
      },
    },
    commodity: {
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
    },
  };
};
