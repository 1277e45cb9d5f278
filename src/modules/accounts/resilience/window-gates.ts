import { type RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { istDate, nextIstTime } from '../../../common/time/index.js';
import type { RateWindowSpec } from './kite-rate-windows.js';
import type { RateLimitStore } from './rate-limit-store.js';

/**
 * A slot taken in one window. `complete` is called once the call has been answered (or has failed);
 * `undo` gives the slot back unused, when another window of the same call had no room.
 */
export type Taken =
  { ok: true; undo: () => Promise<unknown>; complete: () => Promise<unknown> } | { ok: false; retryInMs: number };

/** One rate-limit window of one API key, backed by rate-limiter-flexible counters. */
export interface WindowGate {
  tryTake(): Promise<Taken>;
  /** After Kite answered 429: treat the window as full for one whole window. */
  penalise(): Promise<void>;
}

const DAY_MS = 86_400_000;
/** Above this many calls per window, lanes would cost too many store round trips per admission. */
export const MAX_LANES = 32;
/** Sub-windows per window for large limits (see SubWindowGate). */
export const SUB_WINDOWS = 10;
const IST_MIDNIGHT = { hour: 0, minute: 0 };
const MS_PER_SECOND = 1_000;

const NOTHING = (): Promise<void> => Promise.resolve();

const wholeSeconds = (ms: number): number => Math.max(1, Math.ceil(ms / MS_PER_SECOND));

/** The store's own answer "no room" (a RateLimiterRes), as opposed to a store failure (an Error). */
const rejectedFor = (rejection: unknown): number => {
  if (rejection instanceof RateLimiterRes) {
    return Math.max(1, rejection.msBeforeNext);
  }
  throw rejection;
};

/**
 * N calls per window as N lanes, each carrying one call at a time and resting a full window after that
 * call's answer. Two rate-limiter-flexible counters of one point per lane: `busy` (held while the call is
 * in flight, with a lease in case its instance dies) and `resting` (set when the answer arrives, for one
 * window). Kite saw the request somewhere between our send and its answer, so counting from the answer
 * can never put two calls of a lane closer together at Kite than the window, however late a request
 * was delivered; N lanes never admit more than N calls in any window, even where Kite counts with a
 * sliding window, and a burst of N still goes out at once. `resting` is set before `busy` is released,
 * so no instance ever sees a lane free too early.
 */
export class LaneGate implements WindowGate {
  private readonly busy: RateLimiterAbstract;
  private readonly resting: RateLimiterAbstract;
  private cursor = 0;

  constructor(
    store: RateLimitStore,
    keyPrefix: string,
    private readonly spec: { limit: number; windowMs: number },
    leaseMs: number,
  ) {
    this.busy = store.create({ keyPrefix: `${keyPrefix}:busy`, points: 1, durationMs: leaseMs + spec.windowMs });
    this.resting = store.create({ keyPrefix: `${keyPrefix}:rest`, points: 1, durationMs: spec.windowMs });
  }

  async tryTake(): Promise<Taken> {
    // A lane in flight frees on its answer, which another instance's answer never announces here: poll.
    let retryInMs = this.spec.windowMs / this.spec.limit;
    let soonest = Number.POSITIVE_INFINITY;
    for (let step = 0; step < this.spec.limit; step += 1) {
      const lane = String((this.cursor + step) % this.spec.limit);
      try {
        await this.busy.consume(lane);
      } catch (rejection) {
        rejectedFor(rejection);
        continue;
      }
      const rest = await this.resting.get(lane);
      if (rest !== null && rest.consumedPoints > 0 && rest.msBeforeNext > 0) {
        await this.busy.delete(lane);
        soonest = Math.min(soonest, rest.msBeforeNext);
        continue;
      }
      this.cursor = (this.cursor + step + 1) % this.spec.limit;
      return {
        ok: true,
        undo: () => this.busy.delete(lane),
        complete: async () => {
          await this.resting.consume(lane).catch(rejectedFor);
          await this.busy.delete(lane);
        },
      };
    }
    if (Number.isFinite(soonest)) {
      retryInMs = Math.min(retryInMs, soonest);
    }
    return { ok: false, retryInMs: Math.max(1, retryInMs) };
  }

  async penalise(): Promise<void> {
    const seconds = wholeSeconds(this.spec.windowMs);
    await Promise.all(Array.from({ length: this.spec.limit }, (_, lane) => this.resting.block(String(lane), seconds)));
  }
}

/**
 * Large limits (400 a minute) in SUB_WINDOWS fixed windows of P calls. A window starts at its first call,
 * so any span of one full window meets at most SUB_WINDOWS windows that start inside it (P calls each)
 * and the tail of one that started before it (P - 1 more): P = floor((limit + 1) / (SUB_WINDOWS + 1))
 * keeps every sliding window within the limit (400/min → 36 per 6 s, at most 395 in any minute).
 */
export class SubWindowGate implements WindowGate {
  private static readonly KEY = 'w';
  private readonly counter: RateLimiterAbstract;
  private readonly subWindowMs: number;

  constructor(store: RateLimitStore, keyPrefix: string, spec: { limit: number; windowMs: number }) {
    this.subWindowMs = Math.ceil(spec.windowMs / SUB_WINDOWS);
    const points = Math.max(1, Math.floor((spec.limit + 1) / (SUB_WINDOWS + 1)));
    this.counter = store.create({ keyPrefix, points, durationMs: this.subWindowMs });
  }

  async tryTake(): Promise<Taken> {
    try {
      await this.counter.consume(SubWindowGate.KEY);
      return { ok: true, undo: () => this.counter.reward(SubWindowGate.KEY), complete: NOTHING };
    } catch (rejection) {
      return { ok: false, retryInMs: rejectedFor(rejection) };
    }
  }

  async penalise(): Promise<void> {
    await this.counter.block(SubWindowGate.KEY, wholeSeconds(this.subWindowMs));
  }
}

/** A cap per IST calendar day (Kite's daily order cap): one counter per day, keyed by the IST date. */
export class IstDayGate implements WindowGate {
  private readonly counter: RateLimiterAbstract;

  constructor(
    store: RateLimitStore,
    keyPrefix: string,
    limit: number,
    /** Wall-clock "now" (the injected Clock): which IST day it is. */
    private readonly now: () => number,
  ) {
    this.counter = store.create({ keyPrefix, points: limit, durationMs: DAY_MS });
  }

  async tryTake(): Promise<Taken> {
    const now = this.now();
    const day = istDate(now);
    try {
      await this.counter.consume(day);
      return { ok: true, undo: () => this.counter.reward(day), complete: NOTHING };
    } catch (rejection) {
      rejectedFor(rejection);
      return { ok: false, retryInMs: nextIstTime(now, IST_MIDNIGHT) - now };
    }
  }

  /** A 429 on placements says nothing about the daily cap. */
  penalise(): Promise<void> {
    return Promise.resolve();
  }
}

export const gateFor = (
  store: RateLimitStore,
  keyPrefix: string,
  spec: RateWindowSpec,
  options: { now: () => number; leaseMs: number },
): WindowGate => {
  if (spec.kind === 'ist_day') {
    return new IstDayGate(store, keyPrefix, spec.limit, options.now);
  }
  return spec.limit <= MAX_LANES
    ? new LaneGate(store, keyPrefix, spec, options.leaseMs)
    : new SubWindowGate(store, keyPrefix, spec);
};
