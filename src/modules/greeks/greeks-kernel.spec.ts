import { describe, expect, it } from 'vitest';
import { createGreeksBatch } from './greeks-batch.js';
import { evaluateGreeksBatch, modelPrice } from './greeks-kernel.js';
import { evaluateOptionGreeks, greeksAtVolatility } from './greeks-scalar.js';
import { type GreeksModelConfig, OPTION_STATUS_NAMES, OptionKind, OptionStatus } from './greeks.types.js';

const BLACK76: GreeksModelConfig = { model: 'black76', rate: 0.065, timeBasis: 'calendar' };
const NSE: GreeksModelConfig = { model: 'black-scholes', rate: 0.1, timeBasis: 'calendar' };
const DAY = 1 / 365;
const quote = { kind: 'call', underlying: 24_000, strike: 24_300, timeToExpiry: 9 * DAY } as const;

/** Central difference of the model price in one input. */
function centralDifference(f: (bump: number) => number, step: number): number {
  return (f(step) - f(-step)) / (2 * step);
}

describe('Greeks kernel', () => {
  it.each([
    ['black76', BLACK76],
    ['black-scholes', NSE],
  ] as const)(
    'should report %s Greeks in the documented units (finite differences of the model price)',
    (_, config) => {
      for (const kind of ['call', 'put'] as const) {
        const sigma = 0.14;
        const q = { ...quote, kind };
        const g = greeksAtVolatility(q, sigma, config);
        const k = kind === 'put' ? OptionKind.Put : OptionKind.Call;
        const price = (u: number, t: number, v: number, r: number) =>
          modelPrice(k, u, q.strike, t, v, { ...config, rate: r });
        const delta = centralDifference((d) => price(q.underlying + d, q.timeToExpiry, sigma, config.rate), 0.5);
        const gamma = centralDifference(
          (d) => centralDifference((e) => price(q.underlying + d + e, q.timeToExpiry, sigma, config.rate), 0.5),
          0.5,
        );
        // theta: value change per calendar day as time passes (T shrinks)
        const theta = -centralDifference(
          (d) => price(q.underlying, q.timeToExpiry + d * DAY, sigma, config.rate),
          1e-3,
        );
        // vega per volatility point, rho per percentage point
        const vega = centralDifference((d) => price(q.underlying, q.timeToExpiry, sigma + d * 0.01, config.rate), 1e-3);
        const rho = centralDifference((d) => price(q.underlying, q.timeToExpiry, sigma, config.rate + d * 0.01), 1e-3);
        expect(g.status).toBe('ok');
        expect(g.price).toBeCloseTo(price(q.underlying, q.timeToExpiry, sigma, config.rate), 10);
        expect(g.delta).toBeCloseTo(delta, 7);
        expect(g.gamma / gamma).toBeCloseTo(1, 5);
        expect(g.theta / theta).toBeCloseTo(1, 5);
        expect(g.vega / vega).toBeCloseTo(1, 6);
        expect(g.rho / rho).toBeCloseTo(1, 6);
      }
    },
  );

  it('should give calls and puts the same implied volatility under Black-76 when parity holds', () => {
    const sigma = 0.17;
    const call = greeksAtVolatility(quote, sigma, BLACK76);
    const put = greeksAtVolatility({ ...quote, kind: 'put' }, sigma, BLACK76);
    expect(evaluateOptionGreeks({ ...quote, premium: call.price }, BLACK76).impliedVolatility).toBeCloseTo(sigma, 14);
    expect(evaluateOptionGreeks({ ...quote, kind: 'put', premium: put.price }, BLACK76).impliedVolatility).toBeCloseTo(
      sigma,
      14,
    );
  });

  it('should return intrinsic value and limiting Greeks at and after expiry', () => {
    const itm = evaluateOptionGreeks({ ...quote, strike: 23_000, timeToExpiry: 0, premium: 1_000 }, BLACK76);
    expect(itm).toEqual({
      status: 'expired',
      impliedVolatility: Number.NaN,
      price: 1_000,
      delta: 1,
      gamma: 0,
      theta: 0,
      vega: 0,
      rho: 0,
    });
    const otmPut = evaluateOptionGreeks({ ...quote, kind: 'put', strike: 23_000, timeToExpiry: -DAY, premium: 5 }, NSE);
    expect([otmPut.status, otmPut.price, otmPut.delta]).toEqual(['expired', 0, 0]);
    const atm = evaluateOptionGreeks({ ...quote, kind: 'put', strike: 24_000, timeToExpiry: 0, premium: 5 }, NSE);
    expect(atm.delta).toBe(-0.5);
  });

  it('should never throw nor return 0 silently: garbage gets a status and NaN outputs', () => {
    const garbage = [Number.NaN, -1, 0, Infinity, -Infinity, 1e308, 5e-324];
    const count = garbage.length ** 4;
    const batch = createGreeksBatch(count, false);
    let i = 0;
    for (const u of garbage) {
      for (const k of garbage) {
        for (const t of garbage) {
          for (const p of garbage) {
            batch.input.underlying[i] = u;
            batch.input.strike[i] = k;
            batch.input.timeToExpiry[i] = t;
            batch.input.premium[i] = p;
            batch.input.kind[i] = i % 3; // 2 is not a valid kind
            i++;
          }
        }
      }
    }
    expect(() => evaluateGreeksBatch(batch.input, batch.output, BLACK76, 0, count)).not.toThrow();
    for (let j = 0; j < count; j++) {
      const status = batch.output.status[j]!;
      expect(OPTION_STATUS_NAMES[status]).toEqual(expect.any(String));
      if (status === OptionStatus.Ok) {
        expect(Number.isFinite(batch.output.impliedVolatility[j])).toBe(true);
        expect(batch.output.impliedVolatility[j]).toBeGreaterThan(0);
      } else if (status !== OptionStatus.Expired) {
        expect(batch.output.impliedVolatility[j]).toBeNaN();
        expect(batch.output.delta[j]).toBeNaN();
      }
    }
  });

  it('should price NSE-mode options on the spot with a 10 % rate and keep separate call and put IVs', () => {
    const call = evaluateOptionGreeks({ ...quote, premium: 150 }, NSE);
    const put = evaluateOptionGreeks({ ...quote, kind: 'put', premium: 420 }, NSE);
    expect([call.status, put.status]).toEqual(['ok', 'ok']);
    expect(call.impliedVolatility).not.toBeCloseTo(put.impliedVolatility, 3);
    expect(greeksAtVolatility(quote, call.impliedVolatility, NSE).price).toBeCloseTo(150, 9);
  });

  it('should handle minutes to expiry, 500 % volatility and one-tick premiums', () => {
    const fiveMinutes = 5 / 525_600;
    const cases = [
      { ...quote, strike: 24_000, timeToExpiry: fiveMinutes, sigma: 0.12 },
      { ...quote, strike: 24_000, timeToExpiry: 30 / 525_600, sigma: 3 },
      { ...quote, strike: 26_000, timeToExpiry: 2 * DAY, sigma: 0.6 },
      { ...quote, kind: 'put' as const, strike: 22_000, timeToExpiry: DAY, sigma: 0.4 },
      { ...quote, strike: 24_000, timeToExpiry: 1, sigma: 5 },
    ];
    for (const { sigma, ...q } of cases) {
      const premium = greeksAtVolatility(q, sigma, BLACK76).price;
      const implied = evaluateOptionGreeks({ ...q, premium }, BLACK76);
      expect(implied.status).toBe('ok');
      expect(implied.impliedVolatility / sigma - 1).toBeLessThan(1e-13);
    }
    const tick = evaluateOptionGreeks({ ...quote, strike: 25_500, timeToExpiry: 2 * DAY, premium: 0.05 }, BLACK76);
    expect(tick.status).toBe('ok');
    expect(tick.impliedVolatility).toBeGreaterThan(0.1);
  });
});
