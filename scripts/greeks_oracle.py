#!/usr/bin/python3
"""Golden-vector oracle for the Greeks engine (run with Debian's /usr/bin/python3 + python3-mpmath).

  /usr/bin/python3 scripts/greeks_oracle.py vectors      -> test/fixtures/greeks/golden.csv, normalised-black.csv
  /usr/bin/python3 scripts/greeks_oracle.py erfcx-table  -> src/modules/greeks/erfcx-table.ts

Every expected value is evaluated with mpmath at 50 significant digits from inputs that are exact
doubles, then rounded once to double. Volatilities of the one-tick rows are solved at 50 digits.
The erfcx table is our own piecewise Chebyshev fit (in y = 4/(4+x)), generated here so that it can be
reproduced and checked.
"""
import csv
import math
import random
import sys

import mpmath as mp

mp.mp.dps = 50
SEED = 20261125
MINUTE_IN_YEARS = 1.0 / (365.0 * 24 * 60)
TICK = 0.05
HEADER = ['model', 'kind', 'underlying', 'strike', 'tte', 'rate', 'sigma', 'price',
          'delta', 'gamma', 'vega', 'theta', 'rho', 'otm', 'status']

# ----------------------------------------------------------------------------------------------- Greeks

def black76(theta, F, K, T, r, sigma):
    """Black-76 on forward F, discount exp(-rT): price and the Greeks in the engine's units."""
    F, K, T, r, sigma = (mp.mpf(v) for v in (F, K, T, r, sigma))
    D = mp.exp(-r * T)
    sq = mp.sqrt(T)
    s = sigma * sq
    d1 = (mp.log(F / K) + s * s / 2) / s
    d2 = d1 - s
    price = D * theta * (F * mp.ncdf(theta * d1) - K * mp.ncdf(theta * d2))
    pdf = mp.npdf(d1)
    return {
        'price': price,
        'delta': theta * D * mp.ncdf(theta * d1),
        'gamma': D * pdf / (F * s),
        'vega': D * F * pdf * sq / 100,
        'theta': (-D * F * pdf * sigma / (2 * sq) + r * price) / 365,
        'rho': -T * price / 100,
    }


def black_scholes(theta, S, K, T, r, sigma):
    """Black-Scholes on spot S with rate r (NSE option-chain convention)."""
    S, K, T, r, sigma = (mp.mpf(v) for v in (S, K, T, r, sigma))
    D = mp.exp(-r * T)
    sq = mp.sqrt(T)
    s = sigma * sq
    d1 = (mp.log(S / K) + (r + sigma * sigma / 2) * T) / s
    d2 = d1 - s
    price = theta * (S * mp.ncdf(theta * d1) - K * D * mp.ncdf(theta * d2))
    pdf = mp.npdf(d1)
    return {
        'price': price,
        'delta': theta * mp.ncdf(theta * d1),
        'gamma': pdf / (S * s),
        'vega': S * pdf * sq / 100,
        'theta': (-S * pdf * sigma / (2 * sq) - theta * r * K * D * mp.ncdf(theta * d2)) / 365,
        'rho': theta * K * T * D * mp.ncdf(theta * d2) / 100,
    }


def forward_of(model, U, T, r):
    return mp.mpf(U) if model == 'b76' else mp.mpf(U) * mp.exp(mp.mpf(r) * mp.mpf(T))


def intrinsic(model, theta, U, K, T, r):
    F = forward_of(model, U, T, r)
    return mp.exp(-mp.mpf(r) * mp.mpf(T)) * max(theta * (F - mp.mpf(K)), 0)


def fmt(v):
    return repr(float(v))


def row(model, theta, U, K, T, r, sigma, g, status='ok'):
    F = forward_of(model, U, T, r)
    otm = 1 if theta * (F - mp.mpf(K)) <= 0 else 0
    return [model, 'c' if theta > 0 else 'p', fmt(U), fmt(K), fmt(T), fmt(r), fmt(sigma),
            fmt(g['price']), fmt(g['delta']), fmt(g['gamma']), fmt(g['vega']), fmt(g['theta']), fmt(g['rho']),
            str(otm), status]


def evaluate(model, theta, U, K, T, r, sigma):
    return (black76 if model == 'b76' else black_scholes)(theta, U, K, T, r, sigma)

# ----------------------------------------------------------------------------------------------- sampling

def sample_underlying(rng):
    if rng.random() < 0.5:
        return round(rng.uniform(18000, 30000) / TICK) * TICK
    return round(rng.uniform(40000, 60000) / TICK) * TICK


def sample_log_moneyness(rng):
    u = rng.random()
    if u < 0.65:
        return rng.uniform(-0.5, 0.5)
    if u < 0.80:
        return rng.uniform(-0.01, 0.01)
    if u < 0.90:
        return 0.0
    return rng.choice([-1, 1]) * rng.uniform(0.5, 2.0)


def sample_strike(rng, F, x):
    if x == 0.0:
        return F
    K = F * math.exp(-x)
    step = 50.0 if abs(x) > 0.01 else TICK
    return max(step, round(K / step) * step)


def log_uniform(rng, lo, hi):
    return math.exp(rng.uniform(math.log(lo), math.log(hi)))


def general_rows(rng, model, count):
    rows = []
    while len(rows) < count:
        U = sample_underlying(rng)
        T = log_uniform(rng, MINUTE_IN_YEARS, 1.0)
        r = 0.10 if model == 'bs' else rng.choice([0.0, 0.0, 0.0, 0.065, 0.10])
        K = sample_strike(rng, float(forward_of(model, U, T, r)), sample_log_moneyness(rng))
        sigma = log_uniform(rng, 0.01, 5.0)
        theta = rng.choice([1, -1])
        g = evaluate(model, theta, U, K, T, r, sigma)
        time_value = g['price'] - intrinsic(model, theta, U, K, T, r)
        if time_value < TICK:  # quotes below one tick are not market data
            continue
        rows.append(row(model, theta, U, K, T, r, sigma, g))
    return rows


def solve_sigma(model, theta, U, K, T, r, price):
    target = mp.mpf(price)
    f = lambda v: evaluate(model, theta, U, K, T, r, v)['price'] - target
    lo, hi = mp.mpf('1e-4'), mp.mpf(20)
    if f(lo) >= 0 or f(hi) <= 0:
        return None
    for _ in range(60):  # bisection to a good bracket, then secant-type polishing
        mid = (lo + hi) / 2
        if f(mid) < 0:
            lo = mid
        else:
            hi = mid
    return mp.findroot(f, (lo, hi), solver='anderson', tol=mp.mpf(10) ** -45)


def tick_rows(rng, count):
    """Deep out-of-the-money options quoted at one to three ticks: the volatility is the unknown."""
    rows = []
    while len(rows) < count:
        F = sample_underlying(rng)
        T = log_uniform(rng, 10 * MINUTE_IN_YEARS, 0.25)
        theta = rng.choice([1, -1])
        x = -theta * rng.uniform(0.01, 0.4)
        K = sample_strike(rng, F, x)
        price = rng.choice([1, 2, 3]) * TICK
        sigma = solve_sigma('b76', theta, F, K, T, 0.0, price)
        if sigma is None or sigma < 0.01 or sigma > 5:
            continue
        sigma_d = float(sigma)
        g = black76(theta, F, K, T, 0.0, sigma)
        g['price'] = mp.mpf(price)
        r_ = row('b76', theta, F, K, T, 0.0, sigma_d, g)
        r_[6] = fmt(sigma)
        rows.append(r_)
    return rows


def nan_row(model, kind, U, K, T, r, price, status):
    return [model, kind, fmt(U), fmt(K), fmt(T), fmt(r), 'nan', fmt(price)] + ['nan'] * 5 + ['0', status]


def status_rows():
    n = float('nan')
    F, Kc, Kp, T = 24000.0, 23000.0, 25000.0, 7.0 / 365
    rows = [
        nan_row('b76', 'c', F, Kc, T, 0.0, 1000.0, 'below_intrinsic'),
        nan_row('b76', 'c', F, Kc, T, 0.0, 999.95, 'below_intrinsic'),
        nan_row('b76', 'p', F, Kp, T, 0.0, 1000.0, 'below_intrinsic'),
        nan_row('b76', 'p', F, Kp, T, 0.0, 10.0, 'below_intrinsic'),
        nan_row('bs', 'c', F, Kc, T, 0.10, 1000.0, 'below_intrinsic'),
        nan_row('b76', 'c', F, Kc, T, 0.0, F, 'above_max'),
        nan_row('b76', 'c', F, Kp, T, 0.0, F + 1, 'above_max'),
        nan_row('b76', 'p', F, Kp, T, 0.0, Kp, 'above_max'),
        nan_row('b76', 'p', F, Kc, T, 0.0, 1e9, 'above_max'),
        nan_row('bs', 'c', F, Kc, T, 0.10, F, 'above_max'),
        nan_row('b76', 'c', F, Kc, 0.0, 0.0, 1000.0, 'expired'),
        nan_row('b76', 'p', F, Kp, 0.0, 0.0, 1000.0, 'expired'),
        nan_row('b76', 'c', F, Kp, -1e-3, 0.0, 5.0, 'expired'),
        nan_row('bs', 'p', F, Kp, -1.0, 0.10, 5.0, 'expired'),
        nan_row('b76', 'c', F, Kc, T, 0.0, n, 'invalid_input'),
        nan_row('b76', 'c', F, Kc, T, 0.0, 0.0, 'invalid_input'),
        nan_row('b76', 'c', F, Kc, T, 0.0, -1.0, 'invalid_input'),
        nan_row('b76', 'c', F, 0.0, T, 0.0, 10.0, 'invalid_input'),
        nan_row('b76', 'p', F, -50.0, T, 0.0, 10.0, 'invalid_input'),
        nan_row('b76', 'c', F, n, T, 0.0, 10.0, 'invalid_input'),
        nan_row('b76', 'c', n, Kc, T, 0.0, 10.0, 'invalid_input'),
        nan_row('b76', 'c', 0.0, Kc, T, 0.0, 10.0, 'invalid_input'),
        nan_row('b76', 'p', -1.0, Kc, T, 0.0, 10.0, 'invalid_input'),
        nan_row('b76', 'c', F, Kc, n, 0.0, 1000.5, 'invalid_input'),
        nan_row('b76', 'c', F, Kc, float('inf'), 0.0, 1000.5, 'invalid_input'),
        nan_row('b76', 'c', F, Kc, T, n, 1000.5, 'invalid_input'),
        nan_row('b76', 'c', float('inf'), Kc, T, 0.0, 1000.5, 'invalid_input'),
        nan_row('b76', 'c', F, Kc, T, 0.0, float('inf'), 'invalid_input'),
    ]
    return rows


def vectors(path='test/fixtures/greeks/golden.csv'):
    rng = random.Random(SEED)
    rows = general_rows(rng, 'b76', 9000) + general_rows(rng, 'bs', 1000) + tick_rows(rng, 400) + status_rows()
    with open(path, 'w', newline='') as out:
        writer = csv.writer(out, lineterminator='\n')
        writer.writerow(HEADER)
        writer.writerows(rows)
    print(f'wrote {len(rows)} rows to {path}')

def normalised_black(x, s):
    """b(x, s) for an out-of-the-money call (x <= 0), exact to 50 digits."""
    x, s = mp.mpf(x), mp.mpf(s)
    return mp.exp(x / 2) * mp.ncdf(x / s + s / 2) - mp.exp(-x / 2) * mp.ncdf(x / s - s / 2)


def normalised_rows(rng, count):
    """(x, s) over every region of the normalised Black function, including the far wings."""
    rows = []
    while len(rows) < count:
        x = 0.0 if rng.random() < 0.05 else -log_uniform(rng, 1e-8, 50.0)
        s = log_uniform(rng, 1e-5, 30.0)
        b = normalised_black(x, s)
        if b < mp.mpf('1e-300'):
            continue
        rows.append([fmt(x), fmt(s), fmt(b)])
    return rows


def normalised(path='test/fixtures/greeks/normalised-black.csv'):
    rng = random.Random(SEED + 1)
    with open(path, 'w', newline='') as out:
        writer = csv.writer(out, lineterminator='\n')
        writer.writerow(['x', 's', 'b'])
        writer.writerows(normalised_rows(rng, 4000))
    print(f'wrote {path}')

# ----------------------------------------------------------------------------------------------- erfcx table

ERFCX_INTERVALS = 100
ERFCX_DEGREE = 6


def erfcx_of_y(y):
    if y <= 0:
        return mp.mpf(0)
    x = 4 / y - 4
    return mp.exp(x * x) * mp.erfc(x)


def erfcx_table(path='src/modules/greeks/erfcx-table.ts'):
    mp.mp.dps = 40
    coeffs = []
    n, d = ERFCX_INTERVALS, ERFCX_DEGREE
    for i in range(n):
        a, b = mp.mpf(i) / n, mp.mpf(i + 1) / n
        nodes = [mp.cos(mp.pi * (k + mp.mpf(1) / 2) / (d + 1)) for k in range(d + 1)]
        values = [erfcx_of_y((a + b) / 2 + (b - a) / 2 * u) for u in nodes]
        vandermonde = mp.matrix([[u ** j for j in range(d + 1)] for u in nodes])
        solution = mp.lu_solve(vandermonde, mp.matrix(values))
        coeffs.extend(float(solution[j]) for j in range(d + 1))
    body = ',\n'.join('  ' + ', '.join(repr(c) for c in coeffs[k:k + d + 1]) for k in range(0, len(coeffs), d + 1))
    with open(path, 'w') as out:
        out.write('// Generated by scripts/greeks_oracle.py erfcx-table (mpmath, 40 digits). Do not edit.\n')
        out.write('// erfcx(x) for 0 <= x < 50 as ' + str(n) + ' Chebyshev-node interpolants of degree ' + str(d) + '\n')
        out.write('// in y = 4/(4+x); interval i covers y in [i/N, (i+1)/N], local variable u in [-1, 1].\n')
        out.write(f'export const ERFCX_INTERVALS = {n};\nexport const ERFCX_DEGREE = {d};\n')
        out.write('// prettier-ignore\nexport const ERFCX_COEFFICIENTS = new Float64Array([\n' + body + ',\n]);\n')
    print(f'wrote {path}')


if __name__ == '__main__':
    command = sys.argv[1] if len(sys.argv) > 1 else 'vectors'
    if command == 'vectors':
        vectors(*sys.argv[2:])
        normalised()
    elif command == 'erfcx-table':
        erfcx_table(*sys.argv[2:])
    else:
        sys.exit(f'unknown command {command!r}; use "vectors" or "erfcx-table"')
