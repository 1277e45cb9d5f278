import { Injectable } from '@nestjs/common';
import { InjectMetric, makeCounterProvider, makeGaugeProvider } from '@willsoto/nestjs-prometheus';
import type { Counter, Gauge } from 'prom-client';

const ATTEMPTS = 'ticker_auth_attempts_total';
const DENIED = 'ticker_auth_denied_total';
const CACHE_ENTRIES = 'ticker_auth_key_cache_entries';
const CACHE_LOOKUPS = 'ticker_auth_key_cache_lookups_total';
const HASH_QUEUE = 'ticker_auth_hash_queue_depth';
const HASH_REJECTED = 'ticker_auth_hash_rejected_total';
const LAST_USED_PENDING = 'ticker_auth_last_used_pending';
const LAST_USED_DROPPED = 'ticker_auth_last_used_dropped_total';
const LAST_USED_FLUSH_FAILURES = 'ticker_auth_last_used_flush_failures_total';
const RATE_LIMITED = 'ticker_http_rate_limited_total';
const RATE_LIMIT_STORE_ERRORS = 'ticker_http_rate_limit_store_errors_total';

export type AuthMethod = 'api_key' | 'jwt' | 'local_demo' | 'scrape_token';
export type AuthOutcome = 'ok' | 'invalid' | 'expired' | 'revoked' | 'throttled' | 'unavailable';
export type DenialReason = 'missing' | 'invalid' | 'scope' | 'account' | 'unannotated';
export type RateLimitKind = 'credential' | 'ip' | 'auth_failure';

export const authMetricProviders = [
  makeCounterProvider({
    name: ATTEMPTS,
    help: 'Credential checks by method and outcome',
    labelNames: ['method', 'outcome'],
  }),
  makeCounterProvider({
    name: DENIED,
    help: 'Requests refused by the auth guard: missing or invalid credentials (401), scope or account (403)',
    labelNames: ['reason'],
  }),
  makeGaugeProvider({ name: CACHE_ENTRIES, help: 'API keys held in the lookup cache' }),
  makeCounterProvider({ name: CACHE_LOOKUPS, help: 'API key lookups by cache result', labelNames: ['result'] }),
  makeGaugeProvider({ name: HASH_QUEUE, help: 'scrypt verifications running or waiting' }),
  makeCounterProvider({
    name: HASH_REJECTED,
    help: 'Credential checks refused (503) because the scrypt queue was full',
  }),
  makeGaugeProvider({ name: LAST_USED_PENDING, help: 'API keys whose last-used time awaits the next batched write' }),
  makeCounterProvider({
    name: LAST_USED_DROPPED,
    help: 'Last-used updates dropped because the pending set was full',
  }),
  makeCounterProvider({ name: LAST_USED_FLUSH_FAILURES, help: 'Batched last-used writes that failed' }),
  makeCounterProvider({
    name: RATE_LIMITED,
    help: 'Requests answered 429 by the inbound rate limits, by limit',
    labelNames: ['limit'],
  }),
  makeCounterProvider({
    name: RATE_LIMIT_STORE_ERRORS,
    help: 'Rate-limit store (Redis) errors; requests are let through while the store is unavailable',
  }),
];

@Injectable()
export class AuthMetrics {
  constructor(
    @InjectMetric(ATTEMPTS) private readonly attempts: Counter<string>,
    @InjectMetric(DENIED) private readonly denied: Counter<string>,
    @InjectMetric(CACHE_ENTRIES) readonly cacheEntries: Gauge<string>,
    @InjectMetric(CACHE_LOOKUPS) private readonly cacheLookups: Counter<string>,
    @InjectMetric(HASH_QUEUE) readonly hashQueueDepth: Gauge<string>,
    @InjectMetric(HASH_REJECTED) readonly hashRejected: Counter<string>,
    @InjectMetric(LAST_USED_PENDING) readonly lastUsedPending: Gauge<string>,
    @InjectMetric(LAST_USED_DROPPED) readonly lastUsedDropped: Counter<string>,
    @InjectMetric(LAST_USED_FLUSH_FAILURES) readonly lastUsedFlushFailures: Counter<string>,
    @InjectMetric(RATE_LIMITED) private readonly rateLimited: Counter<string>,
    @InjectMetric(RATE_LIMIT_STORE_ERRORS) readonly rateLimitStoreErrors: Counter<string>,
  ) {}

  attempt(method: AuthMethod, outcome: AuthOutcome): void {
    this.attempts.inc({ method, outcome });
  }

  deny(reason: DenialReason): void {
    this.denied.inc({ reason });
  }

  cacheLookup(hit: boolean): void {
    this.cacheLookups.inc({ result: hit ? 'hit' : 'miss' });
  }

  limited(kind: RateLimitKind): void {
    this.rateLimited.inc({ limit: kind });
  }
}
