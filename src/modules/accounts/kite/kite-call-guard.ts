import { Logger } from '@nestjs/common';
import type { AccountsMetrics } from '../accounts.metrics.js';
import type { ApiKeyRateLimiter } from '../resilience/api-key-rate-limiter.js';
import type { BreakerPermit, CircuitBreaker } from '../resilience/circuit-breaker.js';
import { ConcurrencyLimiter, ConcurrencyQueueFullError } from '../resilience/concurrency-limiter.js';
import { type RetryPolicy, withRetry } from '../resilience/retry.js';
import type { KiteEndpoint } from './kite-endpoints.js';
import { isKiteRejection, isRetryableRead, isUpstreamFailure, toKiteError } from './kite-error-normaliser.js';
import { KiteBackpressureError, KiteCircuitOpenError, KiteError, KiteTokenError } from './kite-errors.js';

export interface KiteCallGuardDeps {
  accountId: string;
  breaker: CircuitBreaker;
  bulkhead: ConcurrencyLimiter;
  /** Shared by every account using the same API key: Kite counts per key. */
  rateLimiter: ApiKeyRateLimiter;
  retry: RetryPolicy;
  metrics: AccountsMetrics;
}

const NS_PER_SECOND = 1e9;

/**
 * Every Kite REST call of one account passes through here: concurrency limit (bounded queue), circuit
 * breaker, client-side rate limit, typed errors, metrics, and retries for idempotent reads only.
 */
export class KiteCallGuard {
  private readonly logger = new Logger(KiteCallGuard.name);
  constructor(private readonly deps: KiteCallGuardDeps) {}

  get breakerState() {
    return this.deps.breaker.current;
  }

  get inFlight(): number {
    return this.deps.bulkhead.inFlight;
  }

  get hasFreeSlot(): boolean {
    return this.deps.bulkhead.hasFreeSlot;
  }

  /** `onTokenRejected` runs when Kite answers TokenException (also for 2xx bodies, which skip the client's hook). */
  run<T>(endpoint: KiteEndpoint, call: () => Promise<T>, onTokenRejected?: () => void): Promise<T> {
    const once = () => this.attempt(endpoint, call, onTokenRejected);
    if (!endpoint.idempotent) {
      return once();
    }
    return withRetry(once, this.deps.retry, {
      isRetryable: isRetryableRead,
      onRetry: () => this.deps.metrics.recordRetry(this.deps.accountId, endpoint.name),
    });
  }

  private async attempt<T>(endpoint: KiteEndpoint, call: () => Promise<T>, onTokenRejected?: () => void): Promise<T> {
    const context = { accountId: this.deps.accountId, endpoint: endpoint.name };
    try {
      return await this.deps.bulkhead.run(async () => {
        const permit = this.deps.breaker.tryAcquire();
        if (!permit) {
          throw new KiteCircuitOpenError({
            ...context,
            errorType: 'CircuitOpen',
            retryAfterMs: this.deps.breaker.retryAfterMs,
          });
        }
        let release: () => void;
        try {
          release = await this.deps.rateLimiter.acquire(endpoint.category);
        } catch (error) {
          this.deps.breaker.release(permit);
          throw new KiteBackpressureError(`Rate-limit wait for ${endpoint.name} failed: ${(error as Error).message}`, {
            ...context,
            errorType: 'RateLimitQueue',
          });
        }
        try {
          return await this.callKite(endpoint, call, permit, onTokenRejected);
        } finally {
          release();
        }
      });
    } catch (error) {
      const typed =
        error instanceof ConcurrencyQueueFullError || (error instanceof Error && !(error instanceof KiteError))
          ? new KiteBackpressureError(`Account ${this.deps.accountId} is saturated: ${error.message}`, {
              ...context,
              errorType: 'ConcurrencyQueue',
            })
          : toKiteError(error, context);
      if (typed instanceof KiteBackpressureError || typed instanceof KiteCircuitOpenError) {
        this.deps.metrics.recordRequest(this.deps.accountId, endpoint.name, typed.code.toLowerCase());
      }
      throw typed;
    }
  }

  private async callKite<T>(
    endpoint: KiteEndpoint,
    call: () => Promise<T>,
    permit: BreakerPermit,
    onTokenRejected?: () => void,
  ): Promise<T> {
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / NS_PER_SECOND;
    try {
      const result = await call();
      if (isKiteRejection(result)) {
        // The client resolves (not rejects) with {error_type:'DataException'} for unknown content types.
        throw toKiteError(result, { accountId: this.deps.accountId, endpoint: endpoint.name });
      }
      this.deps.breaker.recordSuccess(permit);
      this.deps.metrics.recordRequest(this.deps.accountId, endpoint.name, 'ok', seconds());
      return result;
    } catch (rejection) {
      const error = toKiteError(rejection, { accountId: this.deps.accountId, endpoint: endpoint.name });
      if (isUpstreamFailure(error)) {
        this.logger.warn(
          { account: this.deps.accountId, endpoint: endpoint.name, code: error.code, httpStatus: error.httpStatus },
          `Kite call failed: ${error.message}`,
        );
        this.deps.breaker.recordFailure(permit);
      } else {
        this.deps.breaker.recordSuccess(permit);
      }
      this.deps.metrics.recordRequest(this.deps.accountId, endpoint.name, error.code.toLowerCase(), seconds());
      if (error instanceof KiteTokenError) {
        onTokenRejected?.();
      }
      throw error;
    }
  }
}
