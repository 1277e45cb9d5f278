import { IST_OFFSET_MS, MS_PER_DAY, MS_PER_MINUTE, MS_PER_SECOND } from '../../common/time/ist.js';
import { normal } from './prng.js';

const MINUTES_PER_DAY = 1_440;
const SECONDS_PER_MINUTE = 60;
const SECONDS_PER_YEAR = 365 * 86_400;
const DAYS_PER_YEAR = 365;
/** Days of path kept either side of the anchor (history limits reach 2000 days back). */
export const PATH_HISTORY_DAYS = 2_200;
export const PATH_FUTURE_DAYS = 2_200;
/** Per-day minute bridges kept; historical requests over many days just recompute. */
const MINUTE_CACHE_DAYS = 16;
const STREAM_DAY = 0;
const STREAM_MINUTE = 1;
const STREAM_SECOND = 2;

/**
 * Geometric Brownian motion in calendar time, built top-down so any instant is cheap to evaluate and
 * independent of how the path is sampled: daily log-prices from hashed normals, Brownian bridges for
 * the minutes inside a day and the seconds inside a minute, linear interpolation below one second.
 */
export class PricePath {
  private readonly dayLog: Float64Array;
  private readonly firstDay: number;
  private readonly minuteCache = new Map<number, Float64Array>();
  private readonly secondLog = new Float64Array(SECONDS_PER_MINUTE + 1);
  private secondMinuteKey = Number.NaN;
  private readonly sigmaMinute: number;
  private readonly sigmaSecond: number;
  private readonly driftPerDay: number;

  constructor(
    private readonly seed: number,
    private readonly stream: number,
    spot: number,
    vol: number,
    drift: number,
    anchorMs: number,
  ) {
    const anchorDay = Math.floor((anchorMs + IST_OFFSET_MS) / MS_PER_DAY);
    this.firstDay = anchorDay - PATH_HISTORY_DAYS;
    const days = PATH_HISTORY_DAYS + PATH_FUTURE_DAYS + 1;
    this.dayLog = new Float64Array(days + 1);
    this.driftPerDay = (drift - (vol * vol) / 2) / DAYS_PER_YEAR;
    const sigmaDay = vol / Math.sqrt(DAYS_PER_YEAR);
    this.sigmaMinute = vol * Math.sqrt(SECONDS_PER_MINUTE / SECONDS_PER_YEAR);
    this.sigmaSecond = vol / Math.sqrt(SECONDS_PER_YEAR);
    for (let i = 1; i <= days; i += 1) {
      this.dayLog[i] =
        this.dayLog[i - 1]! + this.driftPerDay + sigmaDay * normal(seed, stream * 4 + STREAM_DAY, this.firstDay + i);
    }
    // Re-base so the price at the anchor instant is exactly `spot`.
    const shift = Math.log(spot) - this.logPriceAt(anchorMs);
    for (let i = 0; i <= days; i += 1) {
      this.dayLog[i] = this.dayLog[i]! + shift;
    }
    this.minuteCache.clear();
    this.secondMinuteKey = Number.NaN;
  }

  priceAt(ms: number): number {
    return Math.exp(this.logPriceAt(ms));
  }

  logPriceAt(ms: number): number {
    const shifted = ms + IST_OFFSET_MS;
    const globalMinute = Math.floor(shifted / MS_PER_MINUTE);
    const withinMinuteMs = shifted - globalMinute * MS_PER_MINUTE;
    if (withinMinuteMs === 0) {
      // Minute boundaries come straight from the day's bridge: cheap for minute-sampled callers.
      const day = Math.floor(globalMinute / MINUTES_PER_DAY);
      return this.minutesOfDay(day)[globalMinute - day * MINUTES_PER_DAY]!;
    }
    const second = Math.floor(withinMinuteMs / MS_PER_SECOND);
    const fraction = (withinMinuteMs - second * MS_PER_SECOND) / MS_PER_SECOND;
    const seconds = this.secondsOfMinute(globalMinute);
    const a = seconds[second]!;
    return a + (seconds[second + 1]! - a) * fraction;
  }

  /** Log-prices at each second boundary of a global IST minute (61 values). Reused buffer. */
  secondsOfMinute(globalMinute: number): Float64Array {
    if (globalMinute === this.secondMinuteKey) {
      return this.secondLog;
    }
    const day = Math.floor(globalMinute / MINUTES_PER_DAY);
    const minuteOfDay = globalMinute - day * MINUTES_PER_DAY;
    const minutes = this.minutesOfDay(day);
    const start = minutes[minuteOfDay]!;
    const end = minutes[minuteOfDay + 1]!;
    this.bridge(this.secondLog, start, end, this.sigmaSecond, STREAM_SECOND, globalMinute * SECONDS_PER_MINUTE);
    this.secondMinuteKey = globalMinute;
    return this.secondLog;
  }

  /** Log-prices at each minute boundary of an IST day (1441 values). */
  minutesOfDay(day: number): Float64Array {
    const cached = this.minuteCache.get(day);
    if (cached) {
      return cached;
    }
    const index = Math.min(Math.max(day - this.firstDay, 0), this.dayLog.length - 2);
    const start = this.dayLog[index]!;
    const end = this.dayLog[index + 1]!;
    const minutes = new Float64Array(MINUTES_PER_DAY + 1);
    this.bridge(minutes, start, end, this.sigmaMinute, STREAM_MINUTE, day * MINUTES_PER_DAY);
    if (this.minuteCache.size >= MINUTE_CACHE_DAYS) {
      const oldest = this.minuteCache.keys().next().value;
      if (oldest !== undefined) {
        this.minuteCache.delete(oldest);
      }
    }
    this.minuteCache.set(day, minutes);
    return minutes;
  }

  /** Fills `out` with a Brownian bridge from `start` to `end` (steps of `sigma`, hashed from `firstIndex`). */
  private bridge(out: Float64Array, start: number, end: number, sigma: number, sub: number, firstIndex: number): void {
    const steps = out.length - 1;
    let walk = 0;
    out[0] = 0;
    for (let j = 1; j <= steps; j += 1) {
      walk += sigma * normal(this.seed, this.stream * 4 + sub, firstIndex + j);
      out[j] = walk;
    }
    const total = walk;
    for (let j = 0; j <= steps; j += 1) {
      const w = j / steps;
      out[j] = start + (end - start) * w + (out[j]! - w * total);
    }
  }
}
