import {
  MS_PER_MINUTE,
  formatIstCandleTime,
  istDayNumber,
  istDayStartMs,
  istTimeOnDay,
} from '../../common/time/ist.js';
import { CLOSE_MINUTE, OPEN_START_MINUTE } from '../../common/time/market-calendar.js';
import type { MarketCalendar } from '../../common/time/market-calendar.js';
import type { MarketModel } from './market-model.js';
import { roundTick } from './market-model.js';

export const CANDLE_INTERVALS = {
  minute: { minutes: 1, maxDays: 60 },
  '3minute': { minutes: 3, maxDays: 100 },
  '5minute': { minutes: 5, maxDays: 100 },
  '10minute': { minutes: 10, maxDays: 100 },
  '15minute': { minutes: 15, maxDays: 200 },
  '30minute': { minutes: 30, maxDays: 200 },
  '60minute': { minutes: 60, maxDays: 400 },
  day: { minutes: CLOSE_MINUTE - OPEN_START_MINUTE, maxDays: 2000 },
} as const;
export type CandleInterval = keyof typeof CANDLE_INTERVALS;

export const isCandleInterval = (value: string): value is CandleInterval => Object.hasOwn(CANDLE_INTERVALS, value);

/** [timestamp, open, high, low, close, volume] or with a 7th `oi` column. */
export type Candle = (string | number)[];

/** Samples per candle when finding its high and low; finer for underlyings, coarser for options. */
const SAMPLES_PER_CANDLE = 60;
const MIN_UNDERLYING_STEP_MS = 1_000;
const MIN_OPTION_STEP_MS = 10_000;

export interface CandleRequest {
  token: number;
  interval: CandleInterval;
  fromMs: number;
  toMs: number;
  nowMs: number;
  withOi: boolean;
}

/** Candles generated from the market model over trading sessions, as Kite's historical API returns them. */
export const generateCandles = (model: MarketModel, calendar: MarketCalendar, req: CandleRequest): Candle[] => {
  const instrument = model.instrument(req.token);
  if (!instrument) {
    return [];
  }
  const isOption = instrument.kind === 'CE' || instrument.kind === 'PE';
  const { minutes } = CANDLE_INTERVALS[req.interval];
  const intervalMs = minutes * MS_PER_MINUTE;
  const rawStepMs = Math.max(intervalMs / SAMPLES_PER_CANDLE, isOption ? MIN_OPTION_STEP_MS : MIN_UNDERLYING_STEP_MS);
  // Whole minutes land on the path's minute grid, which is far cheaper than second-level points.
  const stepMs = rawStepMs >= MS_PER_MINUTE ? Math.ceil(rawStepMs / MS_PER_MINUTE) * MS_PER_MINUTE : rawStepMs;
  const tick = instrument.tickSize;
  const lastMs = Math.min(req.toMs, req.nowMs);
  const candles: Candle[] = [];

  const build = (stampMs: number, startMs: number, endMs: number): Candle => {
    const open = roundTick(model.fairPrice(req.token, startMs) ?? 0, tick);
    let high = open;
    let low = open;
    for (let t = startMs + stepMs; t < endMs; t += stepMs) {
      const p = roundTick(model.fairPrice(req.token, t) ?? 0, tick);
      high = Math.max(high, p);
      low = Math.min(low, p);
    }
    const close = roundTick(model.fairPrice(req.token, endMs) ?? 0, tick);
    high = Math.max(high, close);
    low = Math.min(low, close);
    const end = model.activityAt(req.token, endMs);
    const volume = end.volume - model.activityAt(req.token, startMs).volume;
    const row: Candle = [formatIstCandleTime(stampMs), open, high, low, close, volume];
    if (req.withOi) {
      row.push(end.oi);
    }
    return row;
  };

  for (let day = istDayNumber(req.fromMs); day <= istDayNumber(lastMs); day += 1) {
    if (!calendar.isRegularTradingDay(day)) {
      continue;
    }
    const sessionStart = istTimeOnDay(day, 0, OPEN_START_MINUTE);
    const sessionEnd = istTimeOnDay(day, 0, CLOSE_MINUTE);
    if (req.interval === 'day') {
      const midnight = istDayStartMs(day);
      if (sessionStart <= req.nowMs) {
        candles.push(build(midnight, sessionStart, Math.min(sessionEnd, req.nowMs)));
      }
      continue;
    }
    for (let start = sessionStart; start < sessionEnd; start += intervalMs) {
      if (start < req.fromMs || start > lastMs) {
        continue;
      }
      candles.push(build(start, start, Math.min(start + intervalMs, sessionEnd, req.nowMs)));
    }
  }
  return candles;
};
