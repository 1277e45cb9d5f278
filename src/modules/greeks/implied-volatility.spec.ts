import { describe, expect, it } from 'vitest';
import {
  HOUSEHOLDER_ITERATIONS,
  attainableRelativeAccuracy,
  impliedNormalisedVolatilityOtmCall,
} from './implied-volatility.js';
import { normalisedBlack, normalisedBlackOtmCall, normalisedIntrinsic, normalisedVega } from './normalised-black.js';

/** Deterministic uniform numbers (no Math.random in tests). */
function uniformSequence(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 4_294_967_296;
  };
}

const logUniform = (u: number, lo: number, hi: number) => Math.exp(Math.log(lo) + u * (Math.log(hi) - Math.log(lo)));

describe("implied normalised volatility (Let's Be Rational)", () => {
  it(`should round-trip our own prices within 4× the attainable accuracy over every branch in ${HOUSEHOLDER_ITERATIONS} Householder steps`, () => {
    const next = uniformSequence(20_261_125);
    let worst = 0;
    let cases = 0;
    for (let trial = 0; trial < 200_000; trial++) {
      const x = next() < 0.02 ? 0 : -logUniform(next(), 1e-8, 50);
      const s = logUniform(next(), 1e-4, 20);
      const beta = normalisedBlackOtmCall(x, s);
      if (!(beta > 1e-300 && beta < Math.exp(0.5 * x))) {
        continue;
      }
      cases++;
      const implied = impliedNormalisedVolatilityOtmCall(beta, x);
      const attainable = attainableRelativeAccuracy(beta, s, normalisedVega(x, s));
      worst = Math.max(worst, Math.abs(implied / s - 1) / attainable);
    }
    expect(cases).toBeGreaterThan(150_000);
    expect(worst).toBeLessThanOrEqual(4);
  });

  it('should report no time value as 0 and prices at or above the maximum as +Infinity', () => {
    expect(impliedNormalisedVolatilityOtmCall(0, -0.1)).toBe(0);
    expect(impliedNormalisedVolatilityOtmCall(-1e-3, -0.1)).toBe(0);
    expect(impliedNormalisedVolatilityOtmCall(Math.exp(-0.05), -0.1)).toBe(Infinity);
    expect(impliedNormalisedVolatilityOtmCall(2, -0.1)).toBe(Infinity);
    expect(impliedNormalisedVolatilityOtmCall(Number.NaN, -0.1)).toBeNaN();
  });

  it('should price calls and puts by put-call parity, b(x,s,+1) − b(x,s,−1) = e^{x/2} − e^{−x/2}', () => {
    for (const x of [-0.3, -1e-6, 0, 1e-6, 0.3]) {
      const parity = normalisedBlack(x, 0.2, 1) - normalisedBlack(x, 0.2, -1);
      expect(parity).toBeCloseTo(Math.exp(x / 2) - Math.exp(-x / 2), 15);
      expect(normalisedIntrinsic(x, 1) + normalisedIntrinsic(x, -1)).toBeCloseTo(Math.abs(2 * Math.sinh(x / 2)), 15);
    }
  });
});
