export interface WindowLimit {
  limit: number;
  windowMs: number;
}

export class LimiterQueueFullError extends Error {
  constructor() {
    super('rate limiter wait queue is full');
  }
}

export class LimiterWaitTimeoutError extends Error {
  constructor(waitedMs: number) {
    super(`no rate-limit slot within ${waitedMs} ms`);
  }
}

/** Gives a slot's time back: call it when the call it admitted has completed (or failed). */
export type Release = () => void;

const FREE = Number.NEGATIVE_INFINITY;
const IN_FLIGHT = Number.POSITIVE_INFINITY;

/**
 * `limit` slots, each holding when its call completed. A call in flight holds its slot with no end
 * time, so the slot frees `windowMs` after the answer, not after the send: the server saw the request
 * somewhere in between, so spacing by completion can never put two calls closer together than the
 * window at the server, however late a request was delivered.
 */
class Window {
  private readonly slots: Float64Array;

  constructor(private readonly spec: WindowLimit) {
    this.slots = new Float64Array(spec.limit).fill(FREE);
  }

  /** Earliest time at which one more admission fits (Infinity while every slot is in flight). */
  freeAt(): number {
    return this.slots[this.oldest()]! + this.spec.windowMs;
  }

  admit(): number {
    const slot = this.oldest();
    this.slots[slot] = IN_FLIGHT;
    return slot;
  }

  complete(slot: number, at: number): void {
    this.slots[slot] = at;
  }

  private oldest(): number {
    let best = 0;
    for (let i = 1; i < this.slots.length; i += 1) {
      if (this.slots[i]! < this.slots[best]!) {
        best = i;
      }
    }
    return best;
  }
}

interface Waiter {
  resolve: (release: Release) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * Admits at most `limit` calls per `windowMs` for every window given (e.g. 10/s and 400/min), in FIFO
 * order, counting each call from its completion (see Window). Waiting callers are bounded (`maxWaiters`; beyond it acquire fails at once) and so is
 * their wait (`maxWaitMs`).
 */
export class SlidingWindowLimiter {
  private readonly windows: Window[];
  private readonly waiters: Waiter[] = [];
  private wakeUp: NodeJS.Timeout | undefined;

  constructor(
    limits: readonly WindowLimit[],
    private readonly maxWaiters: number,
    private readonly maxWaitMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.windows = limits.map((limit) => new Window(limit));
  }

  get waiting(): number {
    return this.waiters.length;
  }

  /** Resolves with the release of the admitted call once every window has room. */
  acquire(): Promise<Release> {
    if (this.waiters.length === 0 && this.freeAt() <= this.now()) {
      return Promise.resolve(this.admit());
    }
    if (this.waiters.length >= this.maxWaiters) {
      return Promise.reject(new LimiterQueueFullError());
    }
    return new Promise<Release>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        timer: setTimeout(() => this.expire(waiter), this.maxWaitMs),
      };
      this.waiters.push(waiter);
      this.schedule();
    });
  }

  /** Fails every waiting caller (shutdown). */
  close(error: Error): void {
    clearTimeout(this.wakeUp);
    this.wakeUp = undefined;
    for (const waiter of this.waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
  }

  private freeAt(): number {
    return Math.max(FREE, ...this.windows.map((w) => w.freeAt()));
  }

  private admit(): Release {
    const slots = this.windows.map((window) => window.admit());
    let released = false;
    return () => {
      if (released) {
        return;
      }
      released = true;
      const at = this.now();
      this.windows.forEach((window, i) => window.complete(slots[i]!, at));
      this.schedule();
    };
  }

  private drain(): void {
    this.wakeUp = undefined;
    while (this.waiters.length > 0 && this.freeAt() <= this.now()) {
      const waiter = this.waiters.shift()!;
      clearTimeout(waiter.timer);
      waiter.resolve(this.admit());
    }
    this.schedule();
  }

  private schedule(): void {
    const freeAt = this.freeAt();
    // While every slot is in flight there is nothing to wait for: a release reschedules.
    if (this.wakeUp !== undefined || this.waiters.length === 0 || freeAt === IN_FLIGHT) {
      return;
    }
    this.wakeUp = setTimeout(() => this.drain(), Math.max(0, freeAt - this.now()));
  }

  private expire(waiter: Waiter): void {
    const index = this.waiters.indexOf(waiter);
    if (index >= 0) {
      this.waiters.splice(index, 1);
      waiter.reject(new LimiterWaitTimeoutError(this.maxWaitMs));
    }
  }
}
