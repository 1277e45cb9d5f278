/**
 * Per-expiry forward from put-call parity, F = K + (C − P)/D, on mid quotes of the strikes nearest the
 * money (smallest |C − P|), taking the median so that one or two bad quotes cannot move it. Falls back to
 * the same-expiry future, then to the last good forward while it is fresh, and reports which it used.
 */

export type ForwardSource = 'parity' | 'future' | 'last_good' | 'none';

export interface ParityQuotes {
  readonly count: number;
  readonly strike: Float64Array;
  readonly callBid: Float64Array;
  readonly callAsk: Float64Array;
  readonly putBid: Float64Array;
  readonly putAsk: Float64Array;
}

export interface ForwardInputs {
  readonly quotes: ParityQuotes;
  /** e^{−rT} of the expiry. */
  readonly discount: number;
  /** Same-expiry future price, when listed (monthlies). */
  readonly futurePrice?: number;
  readonly lastGood?: { readonly forward: number; readonly atMs: number };
  readonly nowMs: number;
}

export interface ForwardOptions {
  /** How many strikes nearest the money enter the median. */
  readonly parityStrikes: number;
  readonly maxAgeMs: number;
}

export interface ForwardEstimate {
  /** NaN when source is 'none': the kernel then reports invalid_input (missing forward). */
  readonly forward: number;
  readonly source: ForwardSource;
  readonly strikesUsed: number;
}

/** With fewer parity strikes than this a bad quote cannot be outvoted, so a listed future is preferred. */
const MIN_ROBUST_PARITY_STRIKES = 3;
/** Strikes scanned per expiry; beyond it the chain is truncated (NSE chains are far smaller). */
export const MAX_PARITY_CHAIN = 4_096;

function midQuote(bid: number, ask: number): number {
  return bid > 0 && ask >= bid && ask < Infinity ? 0.5 * (bid + ask) : Number.NaN;
}

function median(sorted: readonly number[]): number {
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : 0.5 * (sorted[middle - 1]! + sorted[middle]!);
}

/** Parity forwards of the strikes nearest the money, nearest first. */
function parityForwards(quotes: ParityQuotes, discount: number, limit: number): number[] {
  const candidates: { distance: number; forward: number }[] = [];
  const count = Math.min(quotes.count, MAX_PARITY_CHAIN);
  for (let i = 0; i < count; i++) {
    const strike = quotes.strike[i]!;
    const call = midQuote(quotes.callBid[i]!, quotes.callAsk[i]!);
    const put = midQuote(quotes.putBid[i]!, quotes.putAsk[i]!);
    if (strike > 0 && call === call && put === put) {
      candidates.push({ distance: Math.abs(call - put), forward: strike + (call - put) / discount });
    }
  }
  candidates.sort((a, b) => a.distance - b.distance);
  return candidates.slice(0, limit).map((c) => c.forward);
}

export function estimateForward(inputs: ForwardInputs, options: ForwardOptions): ForwardEstimate {
  const forwards = inputs.discount > 0 ? parityForwards(inputs.quotes, inputs.discount, options.parityStrikes) : [];
  const parity = forwards.length > 0 ? median([...forwards].sort((a, b) => a - b)) : Number.NaN;
  const future = inputs.futurePrice ?? Number.NaN;
  const robust = forwards.length >= Math.min(MIN_ROBUST_PARITY_STRIKES, options.parityStrikes);
  if (parity > 0 && (robust || !(future > 0))) {
    return { forward: parity, source: 'parity', strikesUsed: forwards.length };
  }
  if (future > 0 && future < Infinity) {
    return { forward: future, source: 'future', strikesUsed: 0 };
  }
  const last = inputs.lastGood;
  if (last && last.forward > 0 && inputs.nowMs - last.atMs <= options.maxAgeMs) {
    return { forward: last.forward, source: 'last_good', strikesUsed: 0 };
  }
  return { forward: Number.NaN, source: 'none', strikesUsed: 0 };
}
