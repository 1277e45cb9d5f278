import { Logger } from '@nestjs/common';
import { BrokenCircuitError, BulkheadRejectedError, IsolatedCircuitError, TaskCancelledError } from 'cockatiel';
import type { AccountsMetrics } from '../accounts.metrics.js';
import { type AccountPolicies, type BreakerView, BulkheadWaitError } from '../resilience/account-policies.js';
import { type KitePacer, PacingRefusedError } from '../resilience/kite-pacer.js';
import type { KiteEndpoint, KiteEndpointClass } from './kite-endpoints.js';
import { isKiteRejection, isUpstreamFailure, toKiteError } from './kite-error-normaliser.js';
import {
  KiteBackpressureError,
  KiteCircuitOpenError,
  KiteClientInternalError,
  KiteError,
  type KiteErrorContext,
  KiteRateLimitError,
  KiteShuttingDownError,
  KiteTimeoutError,
  KiteTokenError,
} from './kite-errors.js';

export interface KiteCallGuardDeps {
  accountId: string;
  policies: AccountPolicies;
  /** Shared by every account using the same API key: Kite counts per key. */
  pacer: KitePacer;
  metrics: AccountsMetrics;
  /** How long a call slot can stay taken: the hint given when the account's call slots are exhausted. */
  requestTimeoutMs: number;
  /** Retry-After for calls refused because the service is shutting down. */
  shutdownRetryAfterMs: number;
}

const NS_PER_SECOND = 1e9;

/**
 * Every Kite REST call of one account passes through here. Per endpoint class: fail fast while the
 * breaker is open, wait for a call slot (bulkhead), wait for a rate-limit slot of the API key, then call
 * through the breaker under a deadline. Idempotent reads are retried with backoff; nothing else is.
 * Errors come out typed: Kite's answers normalised, local refusals as circuit-open or back-pressure
 * (with Retry-After), and anything else as an internal error, never disguised as one of those.
 */
export class KiteCallGuard {
  private readonly logger = new Logger(KiteCallGuard.name);
  constructor(private readonly deps: KiteCallGuardDeps) {}

  /** Pure: the state of each class's breaker. */
  breakers(): Record<KiteEndpointClass, BreakerView> {
    return this.deps.policies.breakers();
  }

  get inFlight(): number {
    return this.deps.policies.inFlight;
  }

  /** True when a call of this class would get a call slot without queueing. */
  hasFreeSlot(endpointClass: KiteEndpointClass): boolean {
    return this.deps.policies.of(endpointClass).bulkhead.executionSlots > 0;
  }

  /** `onTokenRejected` runs when Kite answers TokenException (also for 2xx bodies, which skip the client's hook). */
  run<T>(endpoint: KiteEndpoint, call: () => Promise<T>, onTokenRejected?: () => void): Promise<T> {
    if (!endpoint.idempotent) {
      return this.attempt(endpoint, call, onTokenRejected);
    }
    return this.deps.policies.retry.execute(({ attempt }) => {
      if (attempt > 0) {
        this.deps.metrics.recordRetry(this.deps.accountId, endpoint.name);
      }
      return this.attempt(endpoint, call, onTokenRejected);
    });
  }

  private async attempt<T>(endpoint: KiteEndpoint, call: () => Promise<T>, onTokenRejected?: () => void): Promise<T> {
    const context = { accountId: this.deps.accountId, endpoint: endpoint.name };
    const policies = this.deps.policies.of(endpoint.endpointClass);
    try {
      const breaker = policies.view();
      if (breaker.state === 'open' && breaker.retryAfterMs > 0) {
        throw new BrokenCircuitError();
      }
      const run = policies.withSlot(async () => {
        this.reportSlots(endpoint.endpointClass);
        const release = await this.deps.pacer.acquire(endpoint.rateWindows);
        try {
          return await policies.breaker.execute(() => this.callKite(endpoint, call, onTokenRejected));
        } finally {
          release();
        }
      });
      this.reportSlots(endpoint.endpointClass);
      try {
        return await run;
      } finally {
        this.reportSlots(endpoint.endpointClass);
      }
    } catch (error) {
      const typed = this.typed(error, endpoint, context);
      if (!(error instanceof KiteError)) {
        this.deps.metrics.recordRequest(this.deps.accountId, endpoint.name, typed.code.toLowerCase());
      }
      throw typed;
    }
  }

  private async callKite<T>(endpoint: KiteEndpoint, call: () => Promise<T>, onTokenRejected?: () => void): Promise<T> {
    const context = { accountId: this.deps.accountId, endpoint: endpoint.name };
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / NS_PER_SECOND;
    try {
      const result = await this.deps.policies.deadline.execute(() => call());
      if (isKiteRejection(result)) {
        // The client resolves (not rejects) with {error_type:'DataException'} for unknown content types.
        throw toKiteError(result, context);
      }
      this.deps.metrics.recordRequest(this.deps.accountId, endpoint.name, 'ok', seconds());
      return result;
    } catch (rejection) {
      const error =
        rejection instanceof TaskCancelledError
          ? new KiteTimeoutError(`No answer from Kite within ${this.deps.requestTimeoutMs} ms`, {
              ...context,
              errorType: 'NetworkException',
            })
          : toKiteError(rejection, context);
      if (isUpstreamFailure(error)) {
        this.logger.warn(
          { account: this.deps.accountId, endpoint: endpoint.name, code: error.code, httpStatus: error.httpStatus },
          `Kite call failed: ${error.message}`,
        );
      }
      this.deps.metrics.recordRequest(this.deps.accountId, endpoint.name, error.code.toLowerCase(), seconds());
      if (error instanceof KiteTokenError) {
        onTokenRejected?.();
      }
      if (error instanceof KiteRateLimitError) {
        // Someone else is spending this key's budget: slow down for a full window.
        await this.deps.pacer.penalise(endpoint.rateWindows).catch((cause: unknown) => {
          this.logger.warn({ err: cause }, 'Could not record a Kite 429 with the rate limiter');
        });
        throw error.withRetryAfter(this.deps.pacer.retryHintMs(endpoint.rateWindows));
      }
      throw error;
    }
  }

  private typed(error: unknown, endpoint: KiteEndpoint, context: KiteErrorContext): KiteError {
    if (error instanceof KiteError) {
      return error;
    }
    if (error instanceof BrokenCircuitError || error instanceof IsolatedCircuitError) {
      const { retryAfterMs } = this.deps.policies.of(endpoint.endpointClass).view();
      return new KiteCircuitOpenError({
        ...context,
        errorType: 'CircuitOpen',
        endpointClass: endpoint.endpointClass,
        retryAfterMs,
      });
    }
    if (error instanceof PacingRefusedError && error.reason === 'closed') {
      this.deps.metrics.recordBackpressure(this.deps.accountId, error.reason);
      return new KiteShuttingDownError({ ...context, errorType: 'ShuttingDown' }, this.deps.shutdownRetryAfterMs);
    }
    if (error instanceof PacingRefusedError) {
      this.deps.metrics.recordBackpressure(this.deps.accountId, `rate_limit_${error.reason}`);
      return new KiteBackpressureError(
        `Rate-limit wait for ${endpoint.name} refused: ${error.message}`,
        { ...context, errorType: 'RateLimitQueue', reason: error.reason },
        error.retryAfterMs,
      );
    }
    if (error instanceof BulkheadRejectedError || error instanceof BulkheadWaitError) {
      const reason = error instanceof BulkheadWaitError ? error.reason : 'bulkhead_full';
      this.deps.metrics.recordBackpressure(this.deps.accountId, reason);
      return new KiteBackpressureError(
        `Account ${this.deps.accountId} has no free ${endpoint.endpointClass} call slot (${reason})`,
        { ...context, errorType: 'ConcurrencyQueue', reason },
        this.deps.requestTimeoutMs,
      );
    }
    this.logger.error({ err: error, ...context }, 'Unexpected failure around a Kite call');
    return new KiteClientInternalError({ ...context, errorType: 'InternalError' }, error);
  }

  private reportSlots(endpointClass: KiteEndpointClass): void {
    const policies = this.deps.policies.of(endpointClass);
    this.deps.metrics.setCallSlots(this.deps.accountId, endpointClass, policies.inFlight, policies.queued);
  }
}
