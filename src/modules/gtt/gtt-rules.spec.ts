import { describe, expect, it } from 'vitest';
import { type GttDraft, lastPriceViolations, shapeViolations, triggerRange } from './gtt-rules.js';

const equity = { exchange: 'NSE', segment: 'NSE', tickSize: 0.1, lotSize: 1 };
const future = { exchange: 'NFO', segment: 'NFO-FUT', tickSize: 0.05, lotSize: 65 };
const limits = { minTriggerDistance: 0.0025 };

const single = (trigger: number, price = trigger, product = 'CNC', quantity = 5): GttDraft => ({
  trigger_type: 'single',
  trigger_values: [trigger],
  orders: [{ transaction_type: 'SELL', quantity, product, price }],
});

const rules = (violations: { field: string; rule: string }[]) => violations.map((v) => `${v.field}:${v.rule}`);

describe('GTT rules', () => {
  it('should accept a well-formed single GTT on an equity', () => {
    expect(shapeViolations(single(1500.1), equity)).toEqual([]);
    expect(lastPriceViolations(single(1500.1), 1560, limits)).toEqual([]);
  });

  it('should name every field off the tick size, off the lot size or with the wrong product', () => {
    const draft: GttDraft = {
      trigger_type: 'two-leg',
      trigger_values: [26_000.02, 27_000],
      orders: [
        { transaction_type: 'SELL', quantity: 65, product: 'NRML', price: 26_000.03 },
        { transaction_type: 'SELL', quantity: 60, product: 'MIS', price: 27_000 },
      ],
    };
    expect(rules(shapeViolations(draft, future))).toEqual([
      'trigger_values.0:tickSize',
      'orders.0.price:tickSize',
      'orders.1.quantity:lotSize',
      'orders.1.product:gttProduct',
    ]);
  });

  it('should require one trigger and one order for single, two of each for two-leg', () => {
    const twoForSingle: GttDraft = { ...single(1500), trigger_values: [1500, 1600] };
    expect(rules(shapeViolations(twoForSingle, equity))).toEqual(['trigger_values:count']);
    const oneForOco: GttDraft = { ...single(1500), trigger_type: 'two-leg' };
    expect(rules(shapeViolations(oneForOco, equity))).toEqual(['trigger_values:count', 'orders:count']);
  });

  it('should keep triggers at least the minimum distance from the last price, on the right sides for OCO', () => {
    expect(rules(lastPriceViolations(single(1559), 1560, limits))).toEqual([
      'trigger_values.0:minDistanceFromLastPrice',
    ]);
    expect(rules(lastPriceViolations(single(1560), 1560, limits))).toEqual([
      'trigger_values.0:minDistanceFromLastPrice',
    ]);
    const oco = (lower: number, upper: number): GttDraft => ({
      trigger_type: 'two-leg',
      trigger_values: [lower, upper],
      orders: [],
    });
    expect(lastPriceViolations(oco(1500, 1600), 1560, limits)).toEqual([]);
    expect(rules(lastPriceViolations(oco(1600, 1700), 1560, limits))).toEqual(['trigger_values:aroundLastPrice']);
    expect(rules(lastPriceViolations(oco(1558, 1700), 1560, limits))).toEqual([
      'trigger_values.0:minDistanceFromLastPrice',
    ]);
  });

  it('should give the nearest accepted triggers on both sides, on the tick, and accept them exactly', () => {
    const range = triggerRange(1560, 0.1, 0.0025);
    expect(range).toEqual({ lower: 1556.1, upper: 1563.9 });
    expect(lastPriceViolations(single(range.lower), 1560, limits)).toEqual([]);
    expect(lastPriceViolations(single(range.upper), 1560, limits)).toEqual([]);
    expect(triggerRange(26_013.35, 0.05, 0.0025)).toEqual({ lower: 25948.3, upper: 26078.4 });
  });
});
