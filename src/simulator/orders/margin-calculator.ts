import type { MarketModel } from '../market/market-model.js';
import { inputError } from '../rest/http-kit.js';
import { NO_CHARGES, charges } from './charges.js';
import { EQUITY_INTRADAY_RATE, expectedPrice, isDelivery, isOption, round2 } from './margins.js';
import { VARIETIES } from './order-types.js';
import { validatePlace, type PlaceRequest } from './order-validation.js';
import type { PositionTotal } from './positions.js';
import { type DerivativeLeg, exposureMargin, portfolioScanRisk, scanRisk } from './span-model.js';

/** Orders per margin request (Kite does not document a cap; the simulator keeps requests bounded). */
export const MAX_MARGIN_ORDERS = 100;
const INTRADAY_LEVERAGE = 1 / EQUITY_INTRADAY_RATE;

interface Components {
  span: number;
  exposure: number;
  option_premium: number;
  var: number;
}

const ZERO: Components = { span: 0, exposure: 0, option_premium: 0, var: 0 };

/** Kite's margin object (margins/orders entries, basket initial/final). */
const marginObject = (
  head: { type: string; tradingsymbol: string; exchange: string; leverage: number },
  c: Components,
  chargeBreakdown: ReturnType<typeof charges>,
) => ({
  type: head.type,
  tradingsymbol: head.tradingsymbol,
  exchange: head.exchange,
  span: round2(c.span),
  exposure: round2(c.exposure),
  option_premium: round2(c.option_premium),
  additional: 0,
  bo: 0,
  cash: 0,
  var: round2(c.var),
  pnl: { realised: 0, unrealised: 0 },
  leverage: head.leverage,
  charges: chargeBreakdown,
  total: round2(Math.max(c.span + c.exposure + c.option_premium + c.var, 0)),
});

/** Parses the JSON array body of /margins/orders and /margins/basket into validated order requests. */
export const parseMarginOrders = (body: unknown, market: MarketModel): PlaceRequest[] => {
  if (!Array.isArray(body) || body.length === 0) {
    throw inputError('Orders must be a non-empty JSON array.');
  }
  if (body.length > MAX_MARGIN_ORDERS) {
    throw inputError(`Too many orders. Maximum allowed is ${MAX_MARGIN_ORDERS}.`);
  }
  return body.map((raw: unknown) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw inputError('Each order must be a JSON object.');
    }
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
        params.set(key, String(value));
      } else if (value !== null && value !== undefined) {
        throw inputError(`Invalid \`${key}\`.`);
      }
    }
    const variety = params.get('variety') ?? 'regular';
    if (!(VARIETIES as readonly string[]).includes(variety)) {
      throw inputError('Invalid `variety`.');
    }
    // The variety only matters for placement; margins are computed the same way.
    return validatePlace('regular', params, market);
  });
};

const legOf = (request: PlaceRequest): DerivativeLeg => ({
  instrument: request.instrument,
  quantity: request.transactionType === 'BUY' ? request.quantity : -request.quantity,
});

const componentsOf = (request: PlaceRequest, market: MarketModel, now: number): Components => {
  const { instrument, product, quantity } = request;
  const buy = request.transactionType === 'BUY';
  const value = expectedPrice(instrument, buy, request.price, market, now) * quantity;
  if (instrument.kind === 'EQ') {
    if (isDelivery(product)) {
      return { ...ZERO, var: buy ? value : 0 };
    }
    return { ...ZERO, var: value * EQUITY_INTRADAY_RATE };
  }
  const leg = legOf(request);
  if (isOption(instrument.kind) && buy) {
    return { ...ZERO, option_premium: value };
  }
  return { ...ZERO, span: scanRisk([leg], market, now), exposure: exposureMargin(leg, market, now) };
};

/** One order's margin as `POST /margins/orders` reports it (no hedge benefit between orders). */
export const orderMargin = (request: PlaceRequest, market: MarketModel, now: number) => {
  const { instrument, product } = request;
  const buy = request.transactionType === 'BUY';
  const turnover = expectedPrice(instrument, buy, request.price, market, now) * request.quantity;
  const intradayEquity = instrument.kind === 'EQ' && !isDelivery(product);
  return marginObject(
    {
      type: 'equity',
      tradingsymbol: instrument.tradingsymbol,
      exchange: instrument.exchange,
      leverage: intradayEquity ? INTRADAY_LEVERAGE : 1,
    },
    componentsOf(request, market, now),
    charges({ kind: instrument.kind, product, buy, turnover }),
  );
};

const sum = (parts: Components[]): Components =>
  parts.reduce(
    (a, b) => ({
      span: a.span + b.span,
      exposure: a.exposure + b.exposure,
      option_premium: a.option_premium + b.option_premium,
      var: a.var + b.var,
    }),
    ZERO,
  );

const basketHead = { type: '', tradingsymbol: '', exchange: '', leverage: 0 };

/**
 * `POST /margins/basket`: `initial` is the sum of the orders' own margins; `final` offsets hedged legs
 * (one scan risk over the whole basket per underlying, premiums received net of premiums paid) and,
 * with consider_positions, counts only what the basket adds to the day's open positions.
 */
export const basketMargins = (
  requests: readonly PlaceRequest[],
  positions: readonly PositionTotal[],
  considerPositions: boolean,
  market: MarketModel,
  now: number,
) => {
  const orders = requests.map((r) => orderMargin(r, market, now));
  const initial = sum(requests.map((r) => componentsOf(r, market, now)));
  const derivatives = requests.filter((r) => r.instrument.kind !== 'EQ');
  const legs = derivatives.map(legOf);
  const held: DerivativeLeg[] = considerPositions
    ? positions.flatMap((p) => {
        const instrument = market.instrument(p.token);
        return instrument && instrument.kind !== 'EQ' && p.quantity !== 0 ? [{ instrument, quantity: p.quantity }] : [];
      })
    : [];
  const span = Math.max(
    portfolioScanRisk([...held, ...legs], market, now) - (held.length > 0 ? portfolioScanRisk(held, market, now) : 0),
    0,
  );
  const premium = derivatives
    .filter((r) => isOption(r.instrument.kind))
    .reduce((total, r) => {
      const buy = r.transactionType === 'BUY';
      const paid = expectedPrice(r.instrument, buy, r.price, market, now) * r.quantity;
      return total + (buy ? paid : -paid);
    }, 0);
  const final: Components = {
    span,
    exposure: legs.reduce((total, leg) => total + exposureMargin(leg, market, now), 0),
    option_premium: premium,
    var: sum(requests.filter((r) => r.instrument.kind === 'EQ').map((r) => componentsOf(r, market, now))).var,
  };
  return {
    initial: marginObject(basketHead, initial, NO_CHARGES),
    final: marginObject(basketHead, final, NO_CHARGES),
    orders,
  };
};
