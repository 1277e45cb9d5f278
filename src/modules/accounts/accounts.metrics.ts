import { Injectable } from '@nestjs/common';
import {
  InjectMetric,
  makeCounterProvider,
  makeGaugeProvider,
  makeHistogramProvider,
} from '@willsoto/nestjs-prometheus';
import type { Counter, Gauge, Histogram } from 'prom-client';
import { ACCOUNT_STATUSES, type AccountStatus } from './domain/account-status.js';
import { BREAKER_STATES, type BreakerState } from './resilience/circuit-breaker.js';

const REQUESTS = 'ticker_accounts_kite_requests_total';
const DURATION = 'ticker_accounts_kite_request_duration_seconds';
const BREAKER = 'ticker_accounts_breaker_state';
const STATUS = 'ticker_accounts_status';
const SESSION_EXPIRED = 'ticker_accounts_session_expired_total';
const RETRIES = 'ticker_accounts_kite_retries_total';

/** Outcome label values: "ok", or the typed error's code in lower case (kite_timeout, kite_circuit_open, ...). */
export type RequestOutcome = string;

export const accountsMetricProviders = [
  makeCounterProvider({
    name: REQUESTS,
    help: 'Kite REST calls by account, endpoint and outcome (ok or the error code)',
    labelNames: ['account', 'endpoint', 'outcome'],
  }),
  makeHistogramProvider({
    name: DURATION,
    help: 'Kite REST call latency (one attempt, after local rate limiting)',
    labelNames: ['endpoint'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  }),
  makeGaugeProvider({
    name: BREAKER,
    help: 'Circuit breaker state per account: 1 for the current state, 0 for the others',
    labelNames: ['account', 'state'],
  }),
  makeGaugeProvider({
    name: STATUS,
    help: 'Account status: 1 for the current status (needs_login = 1 means someone must log in), 0 otherwise',
    labelNames: ['account', 'status'],
  }),
  makeCounterProvider({
    name: SESSION_EXPIRED,
    help: 'Times Kite rejected an account session (TokenException) or its daily expiry passed',
    labelNames: ['account'],
  }),
  makeCounterProvider({
    name: RETRIES,
    help: 'Retries of idempotent Kite reads after a transient failure',
    labelNames: ['account', 'endpoint'],
  }),
];

@Injectable()
export class AccountsMetrics {
  constructor(
    @InjectMetric(REQUESTS) private readonly requests: Counter<string>,
    @InjectMetric(DURATION) private readonly duration: Histogram<string>,
    @InjectMetric(BREAKER) private readonly breaker: Gauge<string>,
    @InjectMetric(STATUS) private readonly status: Gauge<string>,
    @InjectMetric(SESSION_EXPIRED) private readonly sessionExpired: Counter<string>,
    @InjectMetric(RETRIES) private readonly retries: Counter<string>,
  ) {}

  recordRequest(account: string, endpoint: string, outcome: RequestOutcome, seconds?: number): void {
    this.requests.inc({ account, endpoint, outcome });
    if (seconds !== undefined) {
      this.duration.observe({ endpoint }, seconds);
    }
  }

  recordRetry(account: string, endpoint: string): void {
    this.retries.inc({ account, endpoint });
  }

  setBreakerState(account: string, current: BreakerState): void {
    for (const state of BREAKER_STATES) {
      this.breaker.set({ account, state }, state === current ? 1 : 0);
    }
  }

  setStatus(account: string, current: AccountStatus): void {
    for (const status of ACCOUNT_STATUSES) {
      this.status.set({ account, status }, status === current ? 1 : 0);
    }
  }

  recordSessionExpired(account: string): void {
    this.sessionExpired.inc({ account });
  }
}
