import { describe, expect, it } from 'vitest';
import { erfc, erfcx, inverseNormCdf, normCdf, normPdf } from './special-functions.js';

// Reference values from mpmath at 50 digits, rounded to double.
const ERFCX = [
  [0, 1],
  [1e-8, 0.9999999887162084],
  [0.5, 0.6156903441929259],
  [3, 0.17900115118138996],
  [30, 0.01879588886141675],
  [60, 0.009401854275176388],
  [-0.5, 1.952360489182557],
] as const;

describe('special functions', () => {
  it('should evaluate erfcx to within a few ulps', () => {
    for (const [x, expected] of ERFCX) {
      expect(Math.abs(erfcx(x) / expected - 1)).toBeLessThan(4 * Number.EPSILON);
    }
  });

  it('should keep erfc and Φ accurate in the far tail', () => {
    // erfc(10) = 2.088487583762545e-45; Φ(−20) = 2.7536241186062337e-89.
    expect(Math.abs(erfc(10) / 2.088487583762545e-45 - 1)).toBeLessThan(1e-14);
    expect(Math.abs(normCdf(-20) / 2.7536241186062337e-89 - 1)).toBeLessThan(1e-13);
    expect(erfc(-30)).toBe(2);
    expect(erfc(30)).toBe(0);
    expect(normCdf(0)).toBe(0.5);
    expect(normPdf(0)).toBeCloseTo(0.3989422804014327, 16);
  });

  it('should invert Φ', () => {
    for (const p of [1e-300, 1e-20, 1e-5, 0.1, 0.5, 0.9, 0.999]) {
      expect(Math.abs(normCdf(inverseNormCdf(p)) / p - 1)).toBeLessThan(1e-12);
    }
    expect(inverseNormCdf(0)).toBe(-Infinity);
    expect(inverseNormCdf(1)).toBe(Infinity);
  });
});
