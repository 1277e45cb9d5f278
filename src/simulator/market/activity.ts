import type { DepthLevel, InstrumentState } from '../contracts/simulator.contracts.js';
import { randomInt, uniform } from './prng.js';

const DEPTH_LEVELS = 5;
const TWO_PI = 2 * Math.PI;
const MIN_PERIOD_S = 300;
const PERIOD_SPREAD_S = 1_500;
const FIRST_WAVE_SHARE = 0.5;
const SECOND_WAVE_SHARE = 0.4;
const OI_BASE_LOTS_PER_RATE = 4_000;
const OI_DAY_GROWTH = 0.15;
const OI_WIGGLE = 0.03;
const SESSION_MINUTES = 375;
const OI_PERIOD_MIN = 45;
const MAX_LEVEL_LOTS = 40;
const MAX_ORDERS_PER_LEVEL = 25;
const MAX_LAST_TRADE_LOTS = 10;
const BOOK_TOTAL_FACTOR = 30;
/** Caps the quoted half-spread so liquid, high-priced contracts (futures) quote a few ticks wide. */
const MAX_HALF_SPREAD_TICKS = 10;

/** Trading activity of one instrument: volume, open interest, depth. Pure functions of time. */
export class ActivityProfile {
  private readonly phase1: number;
  private readonly phase2: number;
  private readonly omega1: number;
  private readonly omega2: number;
  private readonly oiPhase: number;
  readonly oiBaseLots: number;
  private depthSecond = Number.NaN;

  /** `ratePerSecond` is the mean traded lots per second; 0 for indices. */
  constructor(
    private readonly seed: number,
    private readonly stream: number,
    private readonly ratePerSecond: number,
    private readonly lotSize: number,
    /** Derivatives carry open interest; cash equities do not. */
    private readonly withOpenInterest = true,
  ) {
    this.phase1 = TWO_PI * uniform(seed, stream, 1);
    this.phase2 = TWO_PI * uniform(seed, stream, 2);
    this.omega1 = TWO_PI / (MIN_PERIOD_S + PERIOD_SPREAD_S * uniform(seed, stream, 3));
    this.omega2 = TWO_PI / (MIN_PERIOD_S + PERIOD_SPREAD_S * uniform(seed, stream, 4));
    this.oiPhase = TWO_PI * uniform(seed, stream, 5);
    this.oiBaseLots = withOpenInterest
      ? Math.round(ratePerSecond * OI_BASE_LOTS_PER_RATE * (0.5 + uniform(seed, stream, 6)))
      : 0;
  }

  get trades(): boolean {
    return this.ratePerSecond > 0;
  }

  /**
   * Cumulative volume `seconds` into the session. rate·s plus two waves whose amplitudes sum below the
   * rate, so the derivative stays positive and volume never decreases.
   */
  volumeAt(seconds: number): number {
    if (!this.trades || seconds <= 0) {
      return 0;
    }
    const r = this.ratePerSecond;
    const a1 = (FIRST_WAVE_SHARE * r) / this.omega1;
    const a2 = (SECOND_WAVE_SHARE * r) / this.omega2;
    const lots =
      r * seconds +
      a1 * (Math.cos(this.phase1) - Math.cos(this.omega1 * seconds + this.phase1)) +
      a2 * (Math.cos(this.phase2) - Math.cos(this.omega2 * seconds + this.phase2));
    return Math.floor(lots) * this.lotSize;
  }

  /** Open interest (contracts) `minutes` into the session: grows through the day with a slow wiggle. */
  oiAt(minutes: number): number {
    if (!this.trades || !this.withOpenInterest) {
      return 0;
    }
    const m = Math.max(minutes, 0);
    const factor =
      1 +
      (OI_DAY_GROWTH * Math.min(m, SESSION_MINUTES)) / SESSION_MINUTES +
      OI_WIGGLE * Math.sin((TWO_PI * m) / OI_PERIOD_MIN + this.oiPhase);
    return Math.round(this.oiBaseLots * factor) * this.lotSize;
  }

  lastQuantityAt(second: number): number {
    return this.trades ? (1 + randomInt(this.seed, this.stream, second * 3, MAX_LAST_TRADE_LOTS)) * this.lotSize : 0;
  }

  /** Fills the 5-level book around `fair`, quantities hashed per second. */
  fillDepth(state: InstrumentState, fair: number, tick: number, halfSpreadFraction: number, second: number): void {
    const { buy, sell } = state.depth;
    if (!this.trades) {
      zeroLevels(buy);
      zeroLevels(sell);
      state.buyQuantity = 0;
      state.sellQuantity = 0;
      return;
    }
    const ticksPerUnit = 1 / tick;
    const half = Math.min(Math.max(tick, fair * halfSpreadFraction), tick * MAX_HALF_SPREAD_TICKS);
    let bestBid = Math.floor((fair - half) * ticksPerUnit + 1e-9) / ticksPerUnit;
    let bestAsk = Math.ceil((fair + half) * ticksPerUnit - 1e-9) / ticksPerUnit;
    if (bestBid < tick) {
      bestBid = 0;
    }
    if (bestAsk <= bestBid) {
      bestAsk = bestBid + tick;
    }
    // Quantities change once per second; prices follow the fair value on every call.
    const requantify = second !== this.depthSecond;
    this.depthSecond = second;
    let buyTotal = 0;
    let sellTotal = 0;
    for (let i = 0; i < DEPTH_LEVELS; i += 1) {
      const bidPrice = bestBid - i * tick;
      const b = buy[i]!;
      const s = sell[i]!;
      b.price = bidPrice > 0 ? Math.round(bidPrice * ticksPerUnit) / ticksPerUnit : 0;
      s.price = Math.round((bestAsk + i * tick) * ticksPerUnit) / ticksPerUnit;
      if (requantify || b.price > 0 !== b.quantity > 0) {
        const base = second * 40 + i * 4;
        b.quantity = b.price > 0 ? (1 + randomInt(this.seed, this.stream, base, MAX_LEVEL_LOTS)) * this.lotSize : 0;
        b.orders =
          b.quantity > 0
            ? 1 + randomInt(this.seed, this.stream, base + 1, Math.min(MAX_ORDERS_PER_LEVEL, b.quantity / this.lotSize))
            : 0;
        s.quantity = (1 + randomInt(this.seed, this.stream, base + 2, MAX_LEVEL_LOTS)) * this.lotSize;
        s.orders =
          1 + randomInt(this.seed, this.stream, base + 3, Math.min(MAX_ORDERS_PER_LEVEL, s.quantity / this.lotSize));
      }
      buyTotal += b.quantity;
      sellTotal += s.quantity;
    }
    state.buyQuantity = buyTotal * BOOK_TOTAL_FACTOR;
    state.sellQuantity = sellTotal * BOOK_TOTAL_FACTOR;
  }
}

const zeroLevels = (levels: DepthLevel[]): void => {
  for (const level of levels) {
    level.price = 0;
    level.quantity = 0;
    level.orders = 0;
  }
};

export const emptyDepth = (): DepthLevel[] =>
  Array.from({ length: DEPTH_LEVELS }, () => ({ price: 0, quantity: 0, orders: 0 }));
