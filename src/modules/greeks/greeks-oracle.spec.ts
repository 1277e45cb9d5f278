import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createGreeksBatch } from './greeks-batch.js';
import { evaluateGreeksAtVolatility, evaluateGreeksBatch } from './greeks-kernel.js';
import { type GreeksModelConfig, OPTION_STATUS_NAMES, OptionKind } from './greeks.types.js';
import { normalisedBlackOtmCall } from './normalised-black.js';

/**
 * Golden vectors from scripts/greeks_oracle.py (mpmath, 50 digits; regenerate with `npm run greeks:oracle`).
 * Inputs are exact doubles; expected values are exact results rounded once to double.
 */

const EPS = Number.EPSILON;
const OTM_IV_TOLERANCE = 5e-14;
const ATTAINABLE_FACTOR = 4;
const GREEKS_TOLERANCE = 1e-12;
/** Below this magnitude a value is "vanishingly small" (denormal territory): not compared. */
const NEGLIGIBLE = 1e-300;
const GREEKS = ['price', 'delta', 'gamma', 'vega', 'theta', 'rho'] as const;

type Row = Record<string, string>;

function readCsv(name: string): Row[] {
  const text = readFileSync(new URL(`../../../test/fixtures/greeks/${name}`, import.meta.url), 'utf8');
  const [header, ...lines] = text.trim().split('\n');
  const columns = header!.split(',');
  return lines.map((line): Row => {
    const values = line.split(',');
    return Object.fromEntries(columns.map((column, i) => [column, values[i] ?? '']));
  });
}

const golden = readCsv('golden.csv');

function configOf(row: Row): GreeksModelConfig {
  return { model: row.model === 'bs' ? 'black-scholes' : 'black76', rate: Number(row.rate), timeBasis: 'calendar' };
}

/** Evaluates rows grouped by configuration, from premiums or (withVolatility) at the oracle's σ. */
function evaluate(rows: Row[], withVolatility: boolean) {
  const batch = createGreeksBatch(rows.length, false);
  const volatility = new Float64Array(rows.length);
  rows.forEach((row, i) => {
    batch.input.underlying[i] = Number(row.underlying);
    batch.input.strike[i] = Number(row.strike);
    batch.input.timeToExpiry[i] = Number(row.tte);
    batch.input.premium[i] = Number(row.price);
    batch.input.kind[i] = row.kind === 'p' ? OptionKind.Put : OptionKind.Call;
    volatility[i] = Number(row.sigma);
  });
  const groups = new Map<string, number[]>();
  rows.forEach((row, i) =>
    groups.set(`${row.model}|${row.rate}`, [...(groups.get(`${row.model}|${row.rate}`) ?? []), i]),
  );
  const out = createGreeksBatch(rows.length, false);
  for (const indices of groups.values()) {
    const sub = createGreeksBatch(indices.length, false);
    indices.forEach((from, to) => {
      for (const key of Object.keys(sub.input) as (keyof typeof sub.input)[]) {
        sub.input[key][to] = batch.input[key][from]!;
      }
    });
    const subVolatility = Float64Array.from(indices, (i) => volatility[i]!);
    const config = configOf(rows[indices[0]!]!);
    if (withVolatility) {
      evaluateGreeksAtVolatility(sub.input, subVolatility, sub.output, config, 0, indices.length);
    } else {
      evaluateGreeksBatch(sub.input, sub.output, config, 0, indices.length);
    }
    indices.forEach((to, from) => {
      for (const key of Object.keys(sub.output) as (keyof typeof sub.output)[]) {
        out.output[key][to] = sub.output[key][from]!;
      }
    });
  }
  return out.output;
}

const relativeError = (actual: number, expected: number) => Math.abs(actual - expected) / Math.abs(expected);

describe('Greeks engine against the mpmath oracle', () => {
  const priced = golden.filter((row) => row.status === 'ok');
  const fromPremium = evaluate(priced, false);

  it('should cover the NSE domain with at least 10,000 vectors', () => {
    expect(golden.length).toBeGreaterThanOrEqual(10_000);
    const tte = priced.map((row) => Number(row.tte));
    expect(Math.min(...tte)).toBeLessThan(2 / 525_600);
    expect(Math.max(...tte)).toBeGreaterThan(0.9);
    expect(priced.some((row) => Number(row.price) <= 0.05 + 1e-12)).toBe(true);
  });

  it('should give the status of every vector', () => {
    const outputs = evaluate(golden, false);
    const wrong = golden
      .map((row, i) => ({ row, got: OPTION_STATUS_NAMES[outputs.status[i]!] }))
      .filter(({ row, got }) => got !== row.status);
    expect(wrong).toEqual([]);
    expect(new Set(golden.map((row) => row.status))).toEqual(new Set(OPTION_STATUS_NAMES));
  });

  it('should imply OTM and ATM volatilities within 5e-14 relative of the exact σ', () => {
    let worst = 0;
    priced.forEach((row, i) => {
      if (row.otm === '1') {
        worst = Math.max(worst, relativeError(fromPremium.impliedVolatility[i]!, Number(row.sigma)));
      }
    });
    expect(worst).toBeLessThanOrEqual(OTM_IV_TOLERANCE);
  });

  it('should imply every volatility within 4× the attainable accuracy of its exact price', () => {
    const excess = priced.filter((row, i) => {
      const vegaPerUnit = Number(row.vega) * 100;
      const attainable = (1 + Number(row.price) / (Number(row.sigma) * vegaPerUnit)) * EPS;
      return relativeError(fromPremium.impliedVolatility[i]!, Number(row.sigma)) > ATTAINABLE_FACTOR * attainable;
    });
    expect(excess).toEqual([]);
  });

  it('should agree with the closed-form price and Greeks to 1e-12 relative at the oracle σ', () => {
    const atVolatility = evaluate(priced, true);
    const failures: string[] = [];
    priced.forEach((row, i) => {
      for (const greek of GREEKS) {
        const expected = Number(row[greek]);
        if (Math.abs(expected) > NEGLIGIBLE && relativeError(atVolatility[greek][i]!, expected) > GREEKS_TOLERANCE) {
          failures.push(`${greek} ${atVolatility[greek][i]} vs ${expected} (${JSON.stringify(row)})`);
        }
      }
    });
    expect(failures).toEqual([]);
  });

  it('should reproduce the premium as the model price at the implied volatility', () => {
    let worst = 0;
    priced.forEach((row, i) => {
      worst = Math.max(worst, relativeError(fromPremium.price[i]!, Number(row.price)));
    });
    expect(worst).toBeLessThan(GREEKS_TOLERANCE);
  });

  it('should evaluate the normalised Black function to 1e-12 relative in every region, wings included', () => {
    const failures = readCsv('normalised-black.csv').filter((row) => {
      const expected = Number(row.b);
      return relativeError(normalisedBlackOtmCall(Number(row.x), Number(row.s)), expected) > GREEKS_TOLERANCE;
    });
    expect(failures).toEqual([]);
  });
});
