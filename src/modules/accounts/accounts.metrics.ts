import { Injectable } from '@nestjs/common';
import {
  InjectMetric,
  makeCounterProvider,
  makeGaugeProvider,
  makeHistogramProvider,
} from '@willsoto/nestjs-prometheus';
import type { Counter, Gauge, Histogram } from 'prom-client';
import { ACCOUNT_STATUSES, type AccountStatus } from './domain/account-status.js';
import type { KiteEndpointClass } from './kite/kite-endpoints.js';
import { BREAKER_STATES, type BreakerState } from './resilience/account-policies.js';

const REQUESTS = 'ticker_accounts_kite_requests_total';
const DURATION = 'ticker_accounts_kite_request_duration_seconds';
const BREAKER = 'ticker_accounts_breaker_state';
const STATUS = 'ticker_accounts_status';
const SESSION_EXPIRED = 'ticker_accounts_session_expired_total';
const RETRIES = 'ticker_accounts_kite_retries_total';
const BACKPRESSURE = 'ticker_accounts_kite_backpressure_total';
const IN_FLIGHT = 'ticker_accounts_kite_calls_in_flight';
const QUEUED = 'ticker_accounts_kite_calls_queued';
const RATE_WAITERS = 'ticker_accounts_kite_rate_limit_waiters';
const RATE_WAIT = 'ticker_accounts_kite_rate_limit_wait_seconds';
const RATE_SHARED = 'ticker_accounts_kite_rate_limit_shared';
const RATE_FALLBACK = 'ticker_accounts_kite_rate_limit_fallback_total';
const LOGIN_STATES = 'ticker_accounts_login_states_total';

export type LoginStateOutcome = 'issued' | 'accepted' | 'evicted' | 'unknown' | 'reused' | 'expired';

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
    help: 'Circuit breaker state per account and endpoint class: 1 for the current state, 0 for the others',
    labelNames: ['account', 'class', 'state'],
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
    name: LOGIN_STATES,
    help: 'Login state nonces by outcome: issued, accepted, evicted (too many pending), unknown, reused, expired',
    labelNames: ['account', 'outcome'],
  }),
  makeCounterProvider({
    name: RETRIES,
    help: 'Retries of idempotent Kite reads after a transient failure',
    labelNames: ['account', 'endpoint'],
  }),
  makeCounterProvider({
    name: BACKPRESSURE,
    help: 'Kite calls refused locally (503 with Retry-After): rate_limit_queue_full, rate_limit_wait_timeout, rate_limit_wait_exceeded, bulkhead_full, bulkhead_wait_timeout, closed',
    labelNames: ['account', 'reason'],
  }),
  makeGaugeProvider({
    name: IN_FLIGHT,
    help: 'Kite calls holding a call slot (waiting for a rate-limit slot or in flight) per account and endpoint class',
    labelNames: ['account', 'class'],
  }),
  makeGaugeProvider({
    name: QUEUED,
    help: 'Kite calls queued for a call slot per account and endpoint class',
    labelNames: ['account', 'class'],
  }),
  makeGaugeProvider({
    name: RATE_WAITERS,
    help: 'Callers waiting for a rate-limit slot, per API key (named by its first account) and kind of call (its windows)',
    labelNames: ['key', 'calls'],
  }),
  makeHistogramProvider({
    name: RATE_WAIT,
    help: 'Time a Kite call waited for its rate-limit slot',
    labelNames: ['key', 'calls'],
    buckets: [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  }),
  makeGaugeProvider({
    name: RATE_SHARED,
    help: '1 while Kite rate limits are counted in Redis, shared by every instance; 0 while counted in this process only (no REDIS_URL, or Redis unreachable)',
  }),
  makeCounterProvider({
    name: RATE_FALLBACK,
    help: 'Rate-limit operations counted in process because Redis could not answer (instances do not see each other meanwhile)',
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
    @InjectMetric(BACKPRESSURE) private readonly backpressure: Counter<string>,
    @InjectMetric(IN_FLIGHT) private readonly inFlight: Gauge<string>,
    @InjectMetric(QUEUED) private readonly queued: Gauge<string>,
    @InjectMetric(RATE_WAITERS) private readonly rateWaiters: Gauge<string>,
    @InjectMetric(RATE_WAIT) private readonly rateWait: Histogram<string>,
    @InjectMetric(RATE_SHARED) private readonly rateShared: Gauge<string>,
    @InjectMetric(RATE_FALLBACK) private readonly rateFallback: Counter<string>,
    @InjectMetric(LOGIN_STATES) private readonly loginStates: Counter<string>,
  ) {}

  recordBackpressure(account: string, reason: string): void {
    this.backpressure.inc({ account, reason });
  }

  setCallSlots(account: string, endpointClass: KiteEndpointClass, inFlight: number, queued: number): void {
    this.inFlight.set({ account, class: endpointClass }, inFlight);
    this.queued.set({ account, class: endpointClass }, queued);
  }

  setRateLimitWaiters(key: string, calls: string, waiting: number): void {
    this.rateWaiters.set({ key, calls }, waiting);
  }

  recordRateLimitWait(key: string, calls: string, seconds: number): void {
    this.rateWait.observe({ key, calls }, seconds);
  }

  setRateLimitShared(shared: boolean): void {
    this.rateShared.set(shared ? 1 : 0);
  }

  recordRateLimitFallback(): void {
    this.rateFallback.inc();
  }

  recordLoginState(account: string, outcome: LoginStateOutcome, count = 1): void {
    this.loginStates.inc({ account, outcome }, count);
  }

  recordRequest(account: string, endpoint: string, outcome: RequestOutcome, seconds?: number): void {
    this.requests.inc({ account, endpoint, outcome });
    if (seconds !== undefined) {
      this.duration.observe({ endpoint }, seconds);
    }
  }

  recordRetry(account: string, endpoint: string): void {
    this.retries.inc({ account, endpoint });
  }

  setBreakerState(account: string, endpointClass: KiteEndpointClass, current: BreakerState): void {
    for (const state of BREAKER_STATES) {
      this.breaker.set({ account, class: endpointClass, state }, state === current ? 1 : 0);
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
