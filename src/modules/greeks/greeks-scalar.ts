import { createGreeksBatch } from './greeks-batch.js';
import { evaluateGreeksAtVolatility, evaluateGreeksBatch } from './greeks-kernel.js';
import {
  type GreeksBatch,
  type GreeksModelConfig,
  OPTION_STATUS_NAMES,
  OptionKind,
  type OptionGreeks,
  type OptionQuote,
} from './greeks.types.js';

/** Scalar API over the batch kernel (allocates a one-option batch per call: for convenience, not hot paths). */

function load(quote: OptionQuote): GreeksBatch {
  const batch = createGreeksBatch(1, false);
  batch.input.underlying[0] = quote.underlying;
  batch.input.strike[0] = quote.strike;
  batch.input.timeToExpiry[0] = quote.timeToExpiry;
  batch.input.premium[0] = quote.premium;
  batch.input.kind[0] = quote.kind === 'put' ? OptionKind.Put : OptionKind.Call;
  return batch;
}

function read(batch: GreeksBatch): OptionGreeks {
  const out = batch.output;
  return {
    status: OPTION_STATUS_NAMES[out.status[0]!]!,
    impliedVolatility: out.impliedVolatility[0]!,
    price: out.price[0]!,
    delta: out.delta[0]!,
    gamma: out.gamma[0]!,
    theta: out.theta[0]!,
    vega: out.vega[0]!,
    rho: out.rho[0]!,
  };
}

/** Implied volatility from the premium, then model price and Greeks. Never throws. */
export function evaluateOptionGreeks(quote: OptionQuote, config: GreeksModelConfig): OptionGreeks {
  const batch = load(quote);
  evaluateGreeksBatch(batch.input, batch.output, config, 0, 1);
  return read(batch);
}

/** Model price and Greeks at a given volatility (the quote's premium is ignored). */
export function greeksAtVolatility(
  quote: Omit<OptionQuote, 'premium'>,
  volatility: number,
  config: GreeksModelConfig,
): OptionGreeks {
  const batch = load({ ...quote, premium: Number.NaN });
  evaluateGreeksAtVolatility(batch.input, new Float64Array([volatility]), batch.output, config, 0, 1);
  return read(batch);
}
