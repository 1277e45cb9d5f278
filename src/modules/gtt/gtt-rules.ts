import type { FieldViolation } from '../../common/errors/index.js';
import { KITE_CASH_EXCHANGES } from '../../common/market-data/kite-constants.js';

/** What the rules need to know about the instrument (from the instrument master). */
export interface GttInstrument {
  exchange: string;
  segment: string;
  tickSize: number;
  lotSize: number;
}

export interface GttLeg {
  transaction_type: 'BUY' | 'SELL';
  quantity: number;
  product: string;
  price: number;
}

export interface GttDraft {
  trigger_type: 'single' | 'two-leg';
  trigger_values: number[];
  orders: GttLeg[];
}

export interface GttRuleLimits {
  /** Smallest allowed distance of a trigger from the last price, as a fraction (0.0025 = 0.25%). */
  minTriggerDistance: number;
}

/** Kite's GTTs: delivery equity on NSE/BSE (CNC) and F&O (NRML). */
export const GTT_EXCHANGES: ReadonlySet<string> = new Set(['NSE', 'BSE', 'NFO', 'BFO']);

const TICK_EPSILON = 1e-6;
const DISTANCE_EPSILON = 1e-9;
export const onTick = (price: number, tick: number): boolean =>
  tick <= 0 || Math.abs(price / tick - Math.round(price / tick)) < TICK_EPSILON;

export const gttProductFor = (instrument: GttInstrument): 'CNC' | 'NRML' =>
  KITE_CASH_EXCHANGES.has(instrument.exchange) ? 'CNC' : 'NRML';

const legs = (draft: GttDraft): number => (draft.trigger_type === 'single' ? 1 : 2);
const percent = (fraction: number): string => `${(fraction * 100).toFixed(2)}%`;

/** Shape rules that need no market data: counts, tick sizes, lot sizes, products. */
export const shapeViolations = (draft: GttDraft, instrument: GttInstrument): FieldViolation[] => {
  const violations: FieldViolation[] = [];
  const expected = legs(draft);
  if (draft.trigger_values.length !== expected) {
    violations.push({
      field: 'trigger_values',
      rule: 'count',
      message: `a ${draft.trigger_type} GTT needs ${expected} trigger value${expected > 1 ? 's' : ''}`,
    });
  }
  if (draft.orders.length !== expected) {
    violations.push({
      field: 'orders',
      rule: 'count',
      message: `a ${draft.trigger_type} GTT needs ${expected} order${expected > 1 ? 's' : ''}`,
    });
  }
  draft.trigger_values.forEach((value, i) => {
    if (!onTick(value, instrument.tickSize)) {
      violations.push({
        field: `trigger_values.${i}`,
        rule: 'tickSize',
        message: `trigger value ${value} is not a multiple of the tick size ${instrument.tickSize}`,
      });
    }
  });
  const product = gttProductFor(instrument);
  draft.orders.forEach((order, i) => {
    if (!onTick(order.price, instrument.tickSize)) {
      violations.push({
        field: `orders.${i}.price`,
        rule: 'tickSize',
        message: `price ${order.price} is not a multiple of the tick size ${instrument.tickSize}`,
      });
    }
    if (instrument.lotSize > 0 && order.quantity % instrument.lotSize !== 0) {
      violations.push({
        field: `orders.${i}.quantity`,
        rule: 'lotSize',
        message: `quantity ${order.quantity} is not a multiple of the lot size ${instrument.lotSize}`,
      });
    }
    if (order.product !== product) {
      violations.push({
        field: `orders.${i}.product`,
        rule: 'gttProduct',
        message: `GTT orders on ${instrument.exchange} use product ${product}`,
      });
    }
  });
  return violations;
};

/**
 * Trigger values against the last price, as Kite requires: a single trigger on either side but not
 * within the minimum distance (Kite disables such GTTs), a two-leg (OCO) stop-loss below and target
 * above the last price, each at least the minimum distance away.
 */
export const lastPriceViolations = (draft: GttDraft, lastPrice: number, limits: GttRuleLimits): FieldViolation[] => {
  const violations: FieldViolation[] = [];
  // A value exactly at the minimum distance passes, whatever binary floating point makes of it.
  const tooClose = (value: number) =>
    Math.abs(value - lastPrice) / lastPrice < limits.minTriggerDistance - DISTANCE_EPSILON;
  if (draft.trigger_type === 'two-leg' && draft.trigger_values.length === 2) {
    const [lower, upper] = draft.trigger_values as [number, number];
    if (!(lower < lastPrice && lastPrice < upper)) {
      violations.push({
        field: 'trigger_values',
        rule: 'aroundLastPrice',
        message: `a two-leg GTT needs its first trigger below and its second above the last price ${lastPrice}`,
      });
    }
  }
  draft.trigger_values.forEach((value, i) => {
    if (tooClose(value)) {
      violations.push({
        field: `trigger_values.${i}`,
        rule: 'minDistanceFromLastPrice',
        message: `trigger value ${value} is within ${percent(limits.minTriggerDistance)} of the last price ${lastPrice}`,
      });
    }
  });
  return violations;
};

/** The nearest trigger values Kite accepts on each side of the last price (rounded outwards to the tick). */
export const triggerRange = (
  lastPrice: number,
  tickSize: number,
  minTriggerDistance: number,
): { lower: number; upper: number } => {
  const tick = tickSize > 0 ? tickSize : 1;
  const decimals = Math.max(0, Math.ceil(-Math.log10(tick) - TICK_EPSILON));
  const round = (x: number) => Number(x.toFixed(decimals));
  return {
    lower: round(Math.floor((lastPrice * (1 - minTriggerDistance)) / tick + TICK_EPSILON) * tick),
    upper: round(Math.ceil((lastPrice * (1 + minTriggerDistance)) / tick - TICK_EPSILON) * tick),
  };
};
