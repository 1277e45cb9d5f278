import {
  type BulkheadPolicy,
  bulkhead,
  type CircuitBreakerPolicy,
  CircuitState,
  circuitBreaker,
  ConsecutiveBreaker,
  ExponentialBackoff,
  halfJitterGenerator,
  handleWhen,
  type IBreaker,
  type RetryPolicy,
  retry,
  TimeoutStrategy,
  type TimeoutPolicy,
  timeout,
} from 'cockatiel';
import { KITE_ENDPOINT_CLASSES, type KiteEndpointClass } from '../kite/kite-endpoints.js';

export const BREAKER_STATES = ['closed', 'half_open', 'open'] as const;
export type BreakerState = (typeof BREAKER_STATES)[number];

/** What a reader may know about a breaker, computed without changing it. */
export interface BreakerView {
  state: BreakerState;
  /** While open: milliseconds until a probe is let through (0: the next call probes). */
  retryAfterMs: number;
}

export interface AccountPolicySettings {
  breaker: { failureThreshold: number; openMs: number; halfOpenProbes: number };
  retry: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number };
  concurrency: { maxConcurrent: number; maxQueued: number; queueTimeoutMs: number };
  requestTimeoutMs: number;
}

export interface AccountPolicyHooks {
  /** Which failures say Kite is unhealthy (counted by the breaker). */
  isBreakerFailure: (error: unknown) => boolean;
  /** Which failures of an idempotent read are worth another attempt. */
  isRetryable: (error: unknown) => boolean;
  onBreakerState: (endpointClass: KiteEndpointClass, state: BreakerState) => void;
}

/** The bulkhead queue of a class refused a caller: full, or no slot within the wait bound. */
export class BulkheadWaitError extends Error {
  constructor(
    readonly reason: 'bulkhead_full' | 'bulkhead_wait_timeout',
    message: string,
  ) {
    super(message);
    this.name = 'BulkheadWaitError';
  }
}

const STATE_NAMES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.HalfOpen]: 'half_open',
  [CircuitState.Open]: 'open',
  [CircuitState.Isolated]: 'open',
};

/**
 * cockatiel reports a call's outcome with the state the breaker had when the call started. An outcome
 * from before the last transition (a slow call admitted while closed, failing after the breaker went
 * half-open) says nothing about Kite now, so it is not counted.
 */
class CurrentGenerationBreaker implements IBreaker {
  private readonly inner: ConsecutiveBreaker;
  policyState: () => CircuitState = () => CircuitState.Closed;

  constructor(threshold: number) {
    this.inner = new ConsecutiveBreaker(threshold);
  }

  get state(): unknown {
    return this.inner.state;
  }

  set state(value: unknown) {
    this.inner.state = value as number;
  }

  success(state: CircuitState): void {
    if (state === this.policyState()) {
      this.inner.success();
    }
  }

  failure(state: CircuitState): boolean {
    return state === this.policyState() && this.inner.failure();
  }
}

/** One endpoint class of one account: its own breaker and its own bulkhead. */
class ClassPolicies {
  readonly breaker: CircuitBreakerPolicy;
  readonly bulkhead: BulkheadPolicy;
  /** Date.now() at the last opening: cockatiel measures the open period with Date.now() too. */
  private openedAt = 0;

  constructor(
    private readonly settings: AccountPolicySettings,
    hooks: AccountPolicyHooks,
    endpointClass: KiteEndpointClass,
  ) {
    const counter = new CurrentGenerationBreaker(settings.breaker.failureThreshold);
    this.breaker = circuitBreaker(handleWhen(hooks.isBreakerFailure), {
      halfOpenAfter: settings.breaker.openMs,
      breaker: counter,
      halfOpenSampling: { calls: settings.breaker.halfOpenProbes, threshold: 0 },
    });
    counter.policyState = () => this.breaker.state;
    this.breaker.onBreak(() => {
      this.openedAt = Date.now();
    });
    this.breaker.onStateChange((state) => hooks.onBreakerState(endpointClass, STATE_NAMES[state]));
    this.bulkhead = bulkhead(settings.concurrency.maxConcurrent, settings.concurrency.maxQueued);
  }

  /** Pure: reading never moves the breaker (cockatiel itself turns half-open only on a call). */
  view(): BreakerView {
    const state = STATE_NAMES[this.breaker.state];
    const retryAfterMs = state === 'open' ? Math.max(0, this.openedAt + this.settings.breaker.openMs - Date.now()) : 0;
    return { state, retryAfterMs };
  }

  /**
   * Runs `fn` once a concurrency slot is free. A caller waits at most queueTimeoutMs in the queue; one
   * that gives up leaves its queue entry aborted, and the bulkhead skips it without running it.
   */
  async withSlot<T>(fn: () => Promise<T>): Promise<T> {
    const { queueTimeoutMs } = this.settings.concurrency;
    const abandon = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        abandon.abort();
        reject(new BulkheadWaitError('bulkhead_wait_timeout', `no free call slot within ${queueTimeoutMs} ms`));
      }, queueTimeoutMs);
    });
    const run = this.bulkhead.execute(() => {
      clearTimeout(timer);
      return fn();
    }, abandon.signal);
    try {
      return await Promise.race([run, gaveUp]);
    } finally {
      clearTimeout(timer);
      // The loser of the race must not surface as an unhandled rejection.
      run.catch(() => undefined);
      gaveUp.catch(() => undefined);
    }
  }

  get inFlight(): number {
    return this.settings.concurrency.maxConcurrent - this.bulkhead.executionSlots;
  }

  get queued(): number {
    return this.settings.concurrency.maxQueued - this.bulkhead.queueSlots;
  }
}

/**
 * The cockatiel policies of one account: per endpoint class a circuit breaker and a bulkhead, a call
 * deadline, and retries (exponential backoff with jitter) that the guard applies to idempotent reads only.
 */
export class AccountPolicies {
  readonly retry: RetryPolicy;
  readonly deadline: TimeoutPolicy;
  private readonly classes: Record<KiteEndpointClass, ClassPolicies>;

  constructor(settings: AccountPolicySettings, hooks: AccountPolicyHooks) {
    this.classes = Object.fromEntries(
      KITE_ENDPOINT_CLASSES.map((endpointClass) => [endpointClass, new ClassPolicies(settings, hooks, endpointClass)]),
    ) as Record<KiteEndpointClass, ClassPolicies>;
    this.retry = retry(handleWhen(hooks.isRetryable), {
      maxAttempts: settings.retry.maxAttempts - 1,
      backoff: new ExponentialBackoff({
        initialDelay: settings.retry.baseDelayMs,
        maxDelay: settings.retry.maxDelayMs,
        generator: halfJitterGenerator,
      }),
    });
    // The official client has no cancellation: at the deadline the caller is answered, the request is abandoned.
    this.deadline = timeout(settings.requestTimeoutMs, TimeoutStrategy.Aggressive);
  }

  of(endpointClass: KiteEndpointClass): ClassPolicies {
    return this.classes[endpointClass];
  }

  breakers(): Record<KiteEndpointClass, BreakerView> {
    return Object.fromEntries(
      KITE_ENDPOINT_CLASSES.map((endpointClass) => [endpointClass, this.classes[endpointClass].view()]),
    ) as Record<KiteEndpointClass, BreakerView>;
  }

  get inFlight(): number {
    return KITE_ENDPOINT_CLASSES.reduce((sum, endpointClass) => sum + this.classes[endpointClass].inFlight, 0);
  }
}

export type { ClassPolicies };
