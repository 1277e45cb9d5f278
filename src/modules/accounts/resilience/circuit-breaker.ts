export const BREAKER_STATES = ['closed', 'half_open', 'open'] as const;
export type BreakerState = (typeof BREAKER_STATES)[number];

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long the circuit stays open before letting probes through. */
  openMs: number;
  /** Concurrent probe calls allowed while half-open; that many successes close the circuit. */
  halfOpenProbes: number;
}

/** Proof that a call was admitted; outcomes recorded against an older generation are ignored. */
export interface BreakerPermit {
  readonly generation: number;
  readonly probe: boolean;
}

/**
 * Per-account circuit breaker. Only failures that say something about Kite's health (network errors,
 * timeouts, 5xx, 429) should be recorded as failures; a Kite answer such as InputException is a success.
 */
export class CircuitBreaker {
  private state: BreakerState = 'closed';
  private generation = 0;
  private consecutiveFailures = 0;
  private openedAt = 0;
  private probesInFlight = 0;
  private probeSuccesses = 0;

  constructor(
    private readonly options: CircuitBreakerOptions,
    private readonly onStateChange: (state: BreakerState) => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {}

  get current(): BreakerState {
    if (this.state === 'open' && this.now() - this.openedAt >= this.options.openMs) {
      this.transition('half_open');
    }
    return this.state;
  }

  /** Milliseconds until an open circuit lets a probe through; 0 when not open. */
  get retryAfterMs(): number {
    return this.current === 'open' ? Math.max(0, this.openedAt + this.options.openMs - this.now()) : 0;
  }

  /** A permit when the call may proceed, undefined when the circuit rejects it. */
  tryAcquire(): BreakerPermit | undefined {
    switch (this.current) {
      case 'closed':
        return { generation: this.generation, probe: false };
      case 'open':
        return undefined;
      case 'half_open':
        if (this.probesInFlight >= this.options.halfOpenProbes) {
          return undefined;
        }
        this.probesInFlight += 1;
        return { generation: this.generation, probe: true };
    }
  }

  recordSuccess(permit: BreakerPermit): void {
    if (permit.generation !== this.generation) {
      return;
    }
    if (!permit.probe) {
      this.consecutiveFailures = 0;
      return;
    }
    this.probesInFlight -= 1;
    this.probeSuccesses += 1;
    if (this.probeSuccesses >= this.options.halfOpenProbes) {
      this.transition('closed');
    }
  }

  recordFailure(permit: BreakerPermit): void {
    if (permit.generation !== this.generation) {
      return;
    }
    if (permit.probe) {
      this.transition('open');
      return;
    }
    this.consecutiveFailures += 1;
    if (this.consecutiveFailures >= this.options.failureThreshold) {
      this.transition('open');
    }
  }

  /** Gives back a permit whose call never reached Kite (e.g. rejected by the local rate limiter). */
  release(permit: BreakerPermit): void {
    if (permit.generation === this.generation && permit.probe) {
      this.probesInFlight -= 1;
    }
  }

  private transition(next: BreakerState): void {
    this.state = next;
    this.generation += 1;
    this.consecutiveFailures = 0;
    this.probesInFlight = 0;
    this.probeSuccesses = 0;
    if (next === 'open') {
      this.openedAt = this.now();
    }
    this.onStateChange(next);
  }
}
