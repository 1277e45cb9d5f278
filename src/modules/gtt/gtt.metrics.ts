import { Injectable } from '@nestjs/common';
import { InjectMetric, makeCounterProvider } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';

const IDEMPOTENCY = 'ticker_gtt_idempotency_outcomes_total';
const PURGED = 'ticker_gtt_idempotency_purged_total';

/**
 * created: a new GTT; replayed: the stored result of the same request; reconciled: an unanswered attempt
 * found in Kite's list; released: Kite refused it, key freed; unknown: no answer; reused: same key,
 * another body (422); in_progress / pending: 409s.
 */
export type IdempotencyOutcome =
  'created' | 'replayed' | 'reconciled' | 'released' | 'unknown' | 'reused' | 'in_progress' | 'pending';

export const gttMetricProviders = [
  makeCounterProvider({
    name: IDEMPOTENCY,
    help: 'GTT placements carrying an Idempotency-Key, by outcome',
    labelNames: ['outcome'],
  }),
  makeCounterProvider({ name: PURGED, help: 'Expired GTT idempotency records deleted' }),
];

@Injectable()
export class GttMetrics {
  constructor(
    @InjectMetric(IDEMPOTENCY) private readonly outcomes: Counter<string>,
    @InjectMetric(PURGED) private readonly purged: Counter<string>,
  ) {}

  outcome(outcome: IdempotencyOutcome): void {
    this.outcomes.inc({ outcome });
  }

  purgedRecords(count: number): void {
    this.purged.inc(count);
  }
}
