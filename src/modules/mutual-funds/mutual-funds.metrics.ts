import { Injectable } from '@nestjs/common';
import { InjectMetric, makeCounterProvider, makeGaugeProvider } from '@willsoto/nestjs-prometheus';
import type { Counter, Gauge } from 'prom-client';

const REFRESHES = 'ticker_mf_instruments_refreshes_total';
const ROWS = 'ticker_mf_instruments_rows';
const LAST_SUCCESS = 'ticker_mf_instruments_last_refresh_timestamp_seconds';

export type RefreshOutcome = 'ok' | 'failed' | 'refused' | 'served_stale';

export const mutualFundsMetricProviders = [
  makeCounterProvider({
    name: REFRESHES,
    help: 'Downloads of the MF instrument list: ok, failed, refused (too long), served_stale (failed, older list served)',
    labelNames: ['outcome'],
  }),
  makeGaugeProvider({ name: ROWS, help: 'MF instruments held in memory', labelNames: ['result'] }),
  makeGaugeProvider({ name: LAST_SUCCESS, help: 'When the MF instrument list was last downloaded (epoch s)' }),
];

@Injectable()
export class MutualFundsMetrics {
  constructor(
    @InjectMetric(REFRESHES) private readonly refreshes: Counter<string>,
    @InjectMetric(ROWS) private readonly rows: Gauge<string>,
    @InjectMetric(LAST_SUCCESS) private readonly lastSuccess: Gauge<string>,
  ) {}

  refreshed(outcome: RefreshOutcome): void {
    this.refreshes.inc({ outcome });
  }

  held(kept: number, skipped: number, atMs: number): void {
    this.rows.set({ result: 'kept' }, kept);
    this.rows.set({ result: 'skipped' }, skipped);
    this.lastSuccess.set(Math.floor(atMs / 1000));
  }
}
