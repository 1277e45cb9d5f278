/**
 * Black-76 on a forward, used for the simulator's theoretical option prices. Kept local (and small) so
 * the simulator does not depend on the service's Greeks module it is meant to test.
 */
const TAIL_CUTOFF = 37;
const RATIONAL_LIMIT = 7.07106781186547;
const SQRT_2PI = 2.506628274631;

/** Standard normal CDF, Hart (1968) as given by West (2005): double precision accuracy. */
export const normCdf = (x: number): number => {
  const z = Math.abs(x);
  let tail = 0;
  if (z <= TAIL_CUTOFF) {
    const e = Math.exp((-z * z) / 2);
    if (z < RATIONAL_LIMIT) {
      let n = 3.52624965998911e-2 * z + 0.700383064443688;
      n = n * z + 6.37396220353165;
      n = n * z + 33.912866078383;
      n = n * z + 112.079291497871;
      n = n * z + 221.213596169931;
      n = n * z + 220.206867912376;
      let d = 8.83883476483184e-2 * z + 1.75566716318264;
      d = d * z + 16.064177579207;
      d = d * z + 86.7807322029461;
      d = d * z + 296.564248779674;
      d = d * z + 637.333633378831;
      d = d * z + 793.826512519948;
      d = d * z + 440.413735824752;
      tail = (e * n) / d;
    } else {
      let b = z + 0.65;
      b = z + 4 / b;
      b = z + 3 / b;
      b = z + 2 / b;
      b = z + 1 / b;
      tail = e / b / SQRT_2PI;
    }
  }
  return x > 0 ? 1 - tail : tail;
};

/**
 * Discounted Black-76 price of a European option on a forward.
 * `years` is time to expiry, `vol` the annual volatility, `rate` the continuously compounded rate.
 */
export const black76Price = (
  isCall: boolean,
  forward: number,
  strike: number,
  years: number,
  vol: number,
  rate: number,
): number => {
  const discount = Math.exp(-rate * Math.max(years, 0));
  if (years <= 0 || vol <= 0) {
    return discount * Math.max(isCall ? forward - strike : strike - forward, 0);
  }
  const sd = vol * Math.sqrt(years);
  const d1 = (Math.log(forward / strike) + 0.5 * sd * sd) / sd;
  const d2 = d1 - sd;
  return isCall
    ? discount * (forward * normCdf(d1) - strike * normCdf(d2))
    : discount * (strike * normCdf(-d2) - forward * normCdf(-d1));
};
