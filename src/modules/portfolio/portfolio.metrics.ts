import { Injectable } from '@nestjs/common';
import { InjectMetric, makeCounterProvider, makeGaugeProvider } from '@willsoto/nestjs-prometheus';
import type { Counter, Gauge } from 'prom-client';

const LOOKUPS = 'ticker_portfolio_cache_lookups_total';
const INVALIDATIONS = 'ticker_portfolio_cache_invalidations_total';
const EVICTIONS = 'ticker_portfolio_cache_evictions_total';
const ENTRIES = 'ticker_portfolio_cache_entries';

/** hit: served from memory; shared: joined a Kite call already in flight; miss: asked Kite; bypass: TTL 0. */
export type CacheLookupResult = 'hit' | 'shared' | 'miss' | 'bypass';

export const portfolioMetricProviders = [
  makeCounterProvider({
    name: LOOKUPS,
    help: 'Account data reads (profile, margins, holdings, positions) by kind and how they were served',
    labelNames: ['kind', 'result'],
  }),
  makeCounterProvider({
    name: INVALIDATIONS,
    help: 'Times an account’s cached data was dropped, by reason (order_update, position_conversion, mf_order)',
    labelNames: ['reason'],
  }),
  makeCounterProvider({
    name: EVICTIONS,
    help: 'Cached entries evicted because the cache was full (PORTFOLIO_CACHE_MAX_ENTRIES)',
    labelNames: ['kind'],
  }),
  makeGaugeProvider({ name: ENTRIES, help: 'Account data entries held in memory' }),
];

@Injectable()
export class PortfolioMetrics {
  constructor(
    @InjectMetric(LOOKUPS) private readonly lookups: Counter<string>,
    @InjectMetric(INVALIDATIONS) private readonly invalidations: Counter<string>,
    @InjectMetric(EVICTIONS) private readonly evictions: Counter<string>,
    @InjectMetric(ENTRIES) private readonly entries: Gauge<string>,
  ) {}

  lookup(kind: string, result: CacheLookupResult): void {
    this.lookups.inc({ kind, result });
  }

  invalidated(reason: string): void {
    this.invalidations.inc({ reason });
  }

  evicted(kind: string): void {
    this.evictions.inc({ kind });
  }

  size(entries: number): void {
    this.entries.set(entries);
  }
}
