export class ConcurrencyQueueFullError extends Error {
  constructor() {
    super('concurrency wait queue is full');
  }
}

export class ConcurrencyWaitTimeoutError extends Error {
  constructor(waitedMs: number) {
    super(`no free slot within ${waitedMs} ms`);
  }
}

export interface ConcurrencyLimits {
  maxConcurrent: number;
  /** Callers allowed to wait for a slot; beyond this `run` fails at once with ConcurrencyQueueFullError. */
  maxQueued: number;
  /** A queued caller gives up with ConcurrencyWaitTimeoutError after this long. */
  queueTimeoutMs: number;
}

interface Waiter {
  start: () => void;
  timer: NodeJS.Timeout;
}

/** Bulkhead: at most `maxConcurrent` calls at once, a bounded FIFO of waiters, a bounded wait. */
export class ConcurrencyLimiter {
  private active = 0;
  private readonly queue: Waiter[] = [];

  constructor(private readonly limits: ConcurrencyLimits) {}

  get inFlight(): number {
    return this.active;
  }

  get queued(): number {
    return this.queue.length;
  }

  /** True when a call would start now without waiting. */
  get hasFreeSlot(): boolean {
    return this.active < this.limits.maxConcurrent && this.queue.length === 0;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    await this.enter();
    try {
      return await fn();
    } finally {
      this.leave();
    }
  }

  private enter(): Promise<void> {
    if (this.hasFreeSlot) {
      this.active += 1;
      return Promise.resolve();
    }
    if (this.queue.length >= this.limits.maxQueued) {
      return Promise.reject(new ConcurrencyQueueFullError());
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        start: resolve,
        timer: setTimeout(() => {
          this.queue.splice(this.queue.indexOf(waiter), 1);
          reject(new ConcurrencyWaitTimeoutError(this.limits.queueTimeoutMs));
        }, this.limits.queueTimeoutMs),
      };
      this.queue.push(waiter);
    });
  }

  private leave(): void {
    const next = this.queue.shift();
    if (next === undefined) {
      this.active -= 1;
      return;
    }
    // The slot passes straight to the next waiter, so `active` is unchanged.
    clearTimeout(next.timer);
    next.start();
  }
}
