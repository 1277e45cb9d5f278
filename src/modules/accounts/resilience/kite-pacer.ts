import { KITE_RATE_WINDOWS, type KiteRateWindow, type RateWindowSpec } from './kite-rate-windows.js';
import type { RateLimitStore } from './rate-limit-store.js';
import { gateFor, type Taken, type WindowGate } from './window-gates.js';

/** Why a caller did not get a rate-limit slot; `retryAfterMs` is when trying again makes sense. */
export class PacingRefusedError extends Error {
  constructor(
    readonly reason: 'queue_full' | 'wait_timeout' | 'wait_exceeded' | 'closed',
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
    this.name = 'PacingRefusedError';
  }
}

export interface PacerOptions {
  /** Distinguishes this API key's counters in the store (a digest, never the key itself). */
  keyPrefix: string;
  windows: Record<KiteRateWindow, RateWindowSpec>;
  /** Callers allowed to wait per kind of call; beyond this acquire fails at once. */
  maxWaiters: number;
  /** A waiting caller gives up after this long. */
  maxWaitMs: number;
  /** The longest a call can be in flight (its slot is then freed even if its instance never says so). */
  leaseMs: number;
  /** Wall-clock "now" from the injected Clock (the IST day of the daily cap). */
  now: () => number;
  onWaiters?: (queue: string, waiting: number) => void;
  onAdmitted?: (queue: string, waitedSeconds: number) => void;
}

/** Gives the slot's time back: call it once the call it admitted has been answered (or has failed). */
export type Release = () => void;

interface Waiter {
  resolve: (release: Release) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
  enqueuedAt: number;
}

interface Queue {
  readonly name: string;
  readonly gates: WindowGate[];
  readonly waiters: Waiter[];
  pumping: boolean;
  sleep: { timer: NodeJS.Timeout; wake: () => void } | undefined;
}

const MS_PER_SECOND = 1_000;

/**
 * Client-side pacing for one API key, so normal operation never meets Kite's 429. Each kind of call
 * (its set of windows) has its own FIFO of waiting callers; the head takes a slot in every window the
 * call counts against, all at once, or waits until the store says the next slot frees. Waiting is
 * bounded in number and in time. The counters live in the store: in Redis every instance using the
 * API key shares them.
 */
export class KitePacer {
  private readonly gates: Map<KiteRateWindow, WindowGate>;
  private readonly queues = new Map<string, Queue>();
  private closed: Error | undefined;

  constructor(
    store: RateLimitStore,
    private readonly options: PacerOptions,
  ) {
    this.gates = new Map(
      KITE_RATE_WINDOWS.map((window) => [
        window,
        gateFor(store, `${options.keyPrefix}:${window}`, options.windows[window], {
          now: options.now,
          leaseMs: options.leaseMs,
        }),
      ]),
    );
  }

  /** Resolves once the call may be sent now, with the release to call when it has been answered. */
  acquire(windows: readonly KiteRateWindow[]): Promise<Release> {
    if (this.closed) {
      return Promise.reject(this.refusedByShutdown());
    }
    const queue = this.queueFor(windows);
    if (queue.waiters.length >= this.options.maxWaiters) {
      return Promise.reject(
        new PacingRefusedError(
          'queue_full',
          `${queue.waiters.length} calls already wait for a ${queue.name} rate-limit slot`,
          this.drainEstimateMs(queue),
        ),
      );
    }
    return new Promise<Release>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        enqueuedAt: performance.now(),
        timer: setTimeout(() => this.expire(queue, waiter), this.options.maxWaitMs),
      };
      queue.waiters.push(waiter);
      this.options.onWaiters?.(queue.name, queue.waiters.length);
      void this.pump(queue);
    });
  }

  /** After Kite answered 429 despite pacing (another client on the key): back off for a full window. */
  async penalise(windows: readonly KiteRateWindow[]): Promise<void> {
    await Promise.all(windows.map((window) => this.gates.get(window)!.penalise()));
  }

  /** After a 429: when a retry can expect room, i.e. one full window of the call's shortest window. */
  retryHintMs(windows: readonly KiteRateWindow[]): number {
    const sliding = windows
      .map((window) => this.options.windows[window])
      .flatMap((spec) => (spec.kind === 'sliding' ? [spec.windowMs] : []));
    return sliding.length > 0 ? Math.min(...sliding) : 0;
  }

  waiting(windows: readonly KiteRateWindow[]): number {
    return this.queues.get(windows.join('+'))?.waiters.length ?? 0;
  }

  /** Fails every waiting caller (shutdown); later calls fail at once. */
  close(error: Error): void {
    this.closed = error;
    this.wakeAll();
    for (const queue of this.queues.values()) {
      this.failAll(queue, () => this.refusedByShutdown());
    }
  }

  private refusedByShutdown(): PacingRefusedError {
    return new PacingRefusedError('closed', this.closed?.message ?? 'closed', 0);
  }

  private queueFor(windows: readonly KiteRateWindow[]): Queue {
    const name = windows.join('+');
    let queue = this.queues.get(name);
    if (!queue) {
      // Bounded: one queue per distinct window set of the fixed endpoint table.
      queue = { name, gates: windows.map((w) => this.gates.get(w)!), waiters: [], pumping: false, sleep: undefined };
      this.queues.set(name, queue);
    }
    return queue;
  }

  private async pump(queue: Queue): Promise<void> {
    if (queue.pumping) {
      return;
    }
    queue.pumping = true;
    try {
      while (queue.waiters.length > 0 && !this.closed) {
        const taken = await this.takeAll(queue.gates);
        if (taken.ok) {
          this.admitHead(queue, taken);
          continue;
        }
        if (taken.retryInMs > this.options.maxWaitMs) {
          // Nobody waiting can be served before giving up: say when, now, instead of at the deadline.
          this.failAll(
            queue,
            () =>
              new PacingRefusedError(
                'wait_exceeded',
                `the next ${queue.name} rate-limit slot frees in ${Math.ceil(taken.retryInMs)} ms`,
                taken.retryInMs,
              ),
          );
          break;
        }
        await this.sleep(queue, taken.retryInMs);
      }
    } catch (error) {
      // A store failure with no fallback: nobody in this queue can be paced.
      this.failAll(queue, () => (error instanceof Error ? error : new Error(String(error))));
    } finally {
      queue.pumping = false;
    }
  }

  private admitHead(queue: Queue, taken: { undo: () => Promise<unknown>; complete: () => Promise<unknown> }): void {
    const waiter = queue.waiters.shift();
    if (!waiter) {
      // Everyone gave up while the slot was being taken: give it back.
      void taken.undo().catch(() => undefined);
      return;
    }
    clearTimeout(waiter.timer);
    this.options.onWaiters?.(queue.name, queue.waiters.length);
    this.options.onAdmitted?.(queue.name, (performance.now() - waiter.enqueuedAt) / MS_PER_SECOND);
    let released = false;
    waiter.resolve(() => {
      if (released) {
        return;
      }
      released = true;
      // The lease frees the slot if this fails; the next waiters are woken to look again.
      void taken
        .complete()
        .catch(() => undefined)
        .finally(() => this.wakeAll());
    });
  }

  private wakeAll(): void {
    for (const queue of this.queues.values()) {
      if (queue.sleep) {
        clearTimeout(queue.sleep.timer);
        const { wake } = queue.sleep;
        queue.sleep = undefined;
        wake();
      }
    }
  }

  /**
   * A slot in every window at once, or none: the windows are asked together (one store round trip
   * deep, not one per window), and slots taken in some windows are given back when another is full.
   */
  private async takeAll(gates: WindowGate[]): Promise<Taken> {
    const results = await Promise.all(gates.map((gate) => gate.tryTake()));
    const taken = results.filter((result): result is Extract<Taken, { ok: true }> => result.ok);
    if (taken.length < results.length) {
      await Promise.all(taken.map((slot) => slot.undo()));
      const waits = results.flatMap((result) => (result.ok ? [] : [result.retryInMs]));
      return { ok: false, retryInMs: Math.max(...waits) };
    }
    return {
      ok: true,
      undo: () => Promise.all(taken.map((slot) => slot.undo())),
      complete: () => Promise.all(taken.map((slot) => slot.complete())),
    };
  }

  private sleep(queue: Queue, ms: number): Promise<void> {
    return new Promise((wake) => {
      queue.sleep = {
        wake,
        timer: setTimeout(() => {
          queue.sleep = undefined;
          wake();
        }, ms),
      };
    });
  }

  private expire(queue: Queue, waiter: Waiter): void {
    const index = queue.waiters.indexOf(waiter);
    if (index < 0) {
      return;
    }
    queue.waiters.splice(index, 1);
    this.options.onWaiters?.(queue.name, queue.waiters.length);
    waiter.reject(
      new PacingRefusedError(
        'wait_timeout',
        `no ${queue.name} rate-limit slot within ${this.options.maxWaitMs} ms`,
        this.drainEstimateMs(queue),
      ),
    );
  }

  private failAll(queue: Queue, error: () => Error): void {
    for (const waiter of queue.waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.reject(error());
    }
    this.options.onWaiters?.(queue.name, 0);
  }

  /** How long the callers already waiting need at the tightest per-window rate of this kind of call. */
  private drainEstimateMs(queue: Queue): number {
    const spacing = Math.max(
      ...queue.name.split('+').map((window) => {
        const spec = this.options.windows[window as KiteRateWindow];
        return spec.kind === 'sliding' ? spec.windowMs / spec.limit : 0;
      }),
    );
    return Math.ceil((queue.waiters.length + 1) * spacing);
  }
}
