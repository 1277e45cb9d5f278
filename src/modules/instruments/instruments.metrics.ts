import { Injectable } from '@nestjs/common';
import {
  InjectMetric,
  makeCounterProvider,
  makeGaugeProvider,
  makeHistogramProvider,
} from '@willsoto/nestjs-prometheus';
import type { Counter, Gauge, Histogram } from 'prom-client';
import { Clock } from '../../common/time/index.js';

/** skipped: another instance held the sync lock (the shared master is being synced there). */
export type SyncOutcome = 'ok' | 'failed' | 'refused' | 'skipped';

const SYNCS = 'ticker_instruments_syncs_total';
const SYNC_DURATION = 'ticker_instruments_sync_duration_seconds';
const ROWS = 'ticker_instruments_sync_rows_total';
const LAST_SUCCESS = 'ticker_instruments_last_sync_timestamp_seconds';

export const instrumentsMetricProviders = [
  makeCounterProvider({
    name: SYNCS,
    help: 'Instrument dump syncs by exchange and outcome (skipped: another instance held the sync lock)',
    labelNames: ['exchange', 'outcome'],
  }),
  makeHistogramProvider({
    name: SYNC_DURATION,
    help: 'Time to download and store one exchange dump',
    labelNames: ['exchange'],
    buckets: [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
  }),
  makeCounterProvider({
    name: ROWS,
    help: 'Dump rows by what the sync did with them (inserted, updated, retired, recycled, junk, invalid, skipped, expired, duplicates)',
    labelNames: ['exchange', 'result'],
  }),
  makeGaugeProvider({
    name: LAST_SUCCESS,
    help: 'Unix time of the last successful sync per exchange (alert when older than a day)',
    labelNames: ['exchange'],
  }),
];

@Injectable()
export class InstrumentsMetrics {
  constructor(
    @InjectMetric(SYNCS) private readonly syncs: Counter<string>,
    @InjectMetric(SYNC_DURATION) private readonly duration: Histogram<string>,
    @InjectMetric(ROWS) private readonly rows: Counter<string>,
    @InjectMetric(LAST_SUCCESS) private readonly lastSuccess: Gauge<string>,
    private readonly clock: Clock,
  ) {}

  /** `seconds` is the time spent on the exchange; a skipped sync spent none and is not timed. */
  recordSync(exchange: string, outcome: SyncOutcome, seconds?: number): void {
    this.syncs.inc({ exchange, outcome });
    if (seconds !== undefined) {
      this.duration.observe({ exchange }, seconds);
    }
    if (outcome === 'ok') {
      this.lastSuccess.set({ exchange }, Math.floor(this.clock.now() / 1000));
    }
  }

  recordRows(exchange: string, counts: Record<string, number>): void {
    for (const [result, count] of Object.entries(counts)) {
      if (count > 0) {
        this.rows.inc({ exchange, result }, count);
      }
    }
  }
}
