import { describe, expect, it } from 'vitest';
import { parseIstDateTime } from '../../common/time/ist.js';
import { MarketCalendar } from '../../common/time/market-calendar.js';
import { black76Price, normCdf } from './black76.js';
import { generateCandles } from './candles.js';
import { DEFAULT_RATE, DEFAULT_UNDERLYINGS, type MarketModelOptions } from './market-config.js';
import { MarketModel } from './market-model.js';

const ist = (text: string): number => parseIstDateTime(text)!;
const NIFTY = 256265;
const BANKNIFTY = 260105;
const FINNIFTY = 257801;

const options = (overrides: Partial<MarketModelOptions> = {}): MarketModelOptions => ({
  seed: 42,
  rate: DEFAULT_RATE,
  underlyings: DEFAULT_UNDERLYINGS,
  anchorMs: ist('2025-12-01 09:15:00'),
  moveOutsideSession: false,
  repriceIntervalMs: 0,
  halfSpreadFraction: 0.002,
  ...overrides,
});

const isTick = (price: number): boolean => Math.abs(price * 20 - Math.round(price * 20)) < 1e-6;

describe('black76Price', () => {
  it('has an accurate normal CDF', () => {
    expect(normCdf(0)).toBeCloseTo(0.5, 15);
    expect(normCdf(1.96)).toBeCloseTo(0.9750021048517795, 12);
    expect(normCdf(-3)).toBeCloseTo(0.0013498980316301, 14);
  });

  it('satisfies put-call parity on the forward', () => {
    const [f, k, t, v, r] = [26_000, 25_500, 0.05, 0.14, 0.065];
    const parity = black76Price(true, f, k, t, v, r) - black76Price(false, f, k, t, v, r);
    expect(parity).toBeCloseTo(Math.exp(-r * t) * (f - k), 8);
  });

  it('matches a reference value', () => {
    // F=100, K=100, T=1, σ=0.2, r=0: ATM call = F·(2N(σ/2)−1)
    expect(black76Price(true, 100, 100, 1, 0.2, 0)).toBeCloseTo(100 * (2 * normCdf(0.1) - 1), 10);
  });
});

describe('MarketModel universe', () => {
  const model = new MarketModel(options(), new MarketCalendar());

  it('lists the three indices with Kite tokens in segment 9', () => {
    expect(model.instrument(NIFTY)?.tradingsymbol).toBe('NIFTY 50');
    expect(model.instrument(BANKNIFTY)?.tradingsymbol).toBe('NIFTY BANK');
    expect(model.instrument(FINNIFTY)?.tradingsymbol).toBe('NIFTY FIN SERVICE');
    expect(NIFTY & 0xff).toBe(9);
  });

  it('derives tokens as exchange_token*256+segment and uses the real lots and strike steps', () => {
    for (const i of model.instruments()) {
      expect(i.instrumentToken).toBe(i.exchangeToken * 256 + (i.exchange === 'NFO' ? 2 : 9));
      expect(i.instrumentToken).toBeLessThan(2 ** 31);
    }
    const nifty = model.instruments().filter((i) => i.name === 'NIFTY' && i.kind === 'CE');
    expect(new Set(nifty.map((i) => i.lotSize))).toEqual(new Set([65]));
    expect(nifty.every((i) => i.strike % 50 === 0)).toBe(true);
    const bank = model.instruments().filter((i) => i.name === 'BANKNIFTY' && i.kind === 'PE');
    expect(bank.every((i) => i.strike % 100 === 0 && i.lotSize === 30)).toBe(true);
    expect(model.instruments().find((i) => i.name === 'FINNIFTY' && i.kind === 'CE')?.lotSize).toBe(60);
  });

  it('lists NIFTY weeklies and monthlies, bank and fin monthlies only, and monthly futures', () => {
    const expiries = (name: string, kind: string): string[] => [
      ...new Set(
        model
          .instruments()
          .filter((i) => i.name === name && i.kind === kind)
          .map((i) => i.expiry!),
      ),
    ];
    expect(expiries('NIFTY', 'CE')).toEqual([
      '2025-12-02',
      '2025-12-09',
      '2025-12-16',
      '2025-12-23',
      '2025-12-30',
      '2026-01-27',
      '2026-02-24',
    ]);
    expect(expiries('BANKNIFTY', 'CE')).toEqual(['2025-12-30', '2026-01-27', '2026-02-24']);
    expect(expiries('FINNIFTY', 'PE')).toEqual(['2025-12-30', '2026-01-27', '2026-02-24']);
    expect(expiries('NIFTY', 'FUT')).toEqual(['2025-12-30', '2026-01-27', '2026-02-24']);
    expect(model.findBySymbol('NFO:NIFTY25D0226000CE')?.expiry).toBe('2025-12-02');
    expect(model.findBySymbol('NFO:NIFTY25DEC26000PE')?.expiry).toBe('2025-12-30');
    expect(model.findBySymbol('NFO:BANKNIFTY25DECFUT')?.kind).toBe('FUT');
  });
});

describe('MarketModel prices', () => {
  it('is deterministic for a seed regardless of sampling pattern', () => {
    const a = new MarketModel(options(), new MarketCalendar());
    const b = new MarketModel(options(), new MarketCalendar());
    const token = a.findBySymbol('NFO:NIFTY25D0926000CE')!.instrumentToken;
    const t = ist('2025-12-02 11:00:00');
    for (let s = 0; s < 600; s += 7) {
      a.tick(token, t - 600_000 + s * 1000);
    }
    expect(a.tick(token, t)).toEqual(b.tick(token, t));
    const c = new MarketModel(options({ seed: 43 }), new MarketCalendar());
    expect(c.tick(NIFTY, t)!.lastPrice).not.toBe(a.tick(NIFTY, t)!.lastPrice);
  });

  it('starts at the configured spot and keeps every price on the 0.05 tick', () => {
    const model = new MarketModel(options(), new MarketCalendar());
    expect(model.tick(NIFTY, ist('2025-12-01 09:15:00'))!.lastPrice).toBe(26_000);
    const t = ist('2025-12-02 13:37:21');
    for (const i of model.instruments()) {
      const s = model.tick(i.instrumentToken, t)!;
      for (const p of [s.lastPrice, s.open, s.high, s.low, s.close]) {
        expect(isTick(p)).toBe(true);
      }
      expect(s.low).toBeLessThanOrEqual(s.lastPrice);
      expect(s.high).toBeGreaterThanOrEqual(s.lastPrice);
    }
  });

  it('prices options from Black-76 on the forward with the smile, matching its ground truth', () => {
    const model = new MarketModel(options(), new MarketCalendar());
    const t = ist('2025-12-03 10:30:00');
    const put = model.findBySymbol('NFO:NIFTY25DEC25500PE')!;
    const truth = model.groundTruth(put.instrumentToken, t)!;
    const spot = model.groundTruth(NIFTY, t)!.underlyingPrice;
    expect(truth.underlyingPrice).toBe(spot);
    expect(truth.forward).toBeCloseTo(spot * Math.exp((DEFAULT_RATE - 0.012) * truth.timeToExpiryYears), 8);
    const k = Math.log(25_500 / truth.forward);
    expect(truth.modelVol).toBeCloseTo(0.12 - 0.45 * k + 2.5 * k * k, 12);
    expect(truth.theoreticalPrice).toBeCloseTo(
      black76Price(false, truth.forward, 25_500, truth.timeToExpiryYears, truth.modelVol!, DEFAULT_RATE),
      10,
    );
    expect(model.tick(put.instrumentToken, t)!.lastPrice).toBe(truth.lastPrice);
    expect(Math.abs(truth.lastPrice - truth.theoreticalPrice)).toBeLessThanOrEqual(0.025 + 1e-9);
  });

  it('holds prices still outside the session unless told otherwise', () => {
    const model = new MarketModel(options(), new MarketCalendar());
    const close = model.tick(NIFTY, ist('2025-12-02 15:30:00'))!.lastPrice;
    expect(model.tick(NIFTY, ist('2025-12-02 20:00:00'))!.lastPrice).toBe(close);
    expect(model.tick(NIFTY, ist('2025-12-03 09:10:00'))!.lastPrice).toBe(close);
    const next = model.tick(NIFTY, ist('2025-12-03 09:15:00'))!;
    expect(next.close).toBe(close);
    const moving = new MarketModel(options({ moveOutsideSession: true }), new MarketCalendar());
    expect(moving.tick(NIFTY, ist('2025-12-02 20:00:00'))!.lastPrice).not.toBe(close);
  });

  it('builds a 5-level book around the fair price with evolving volume and OI', () => {
    const model = new MarketModel(options(), new MarketCalendar());
    const fut = model.findBySymbol('NFO:NIFTY25DECFUT')!.instrumentToken;
    let lastVolume = 0;
    for (let m = 0; m < 120; m += 5) {
      const s = model.tick(fut, ist('2025-12-02 09:20:00') + m * 60_000)!;
      expect(s.volume).toBeGreaterThanOrEqual(lastVolume);
      lastVolume = s.volume;
      expect(s.depth.buy).toHaveLength(5);
      expect(s.depth.sell).toHaveLength(5);
      expect(s.depth.buy[0]!.price).toBeLessThan(s.depth.sell[0]!.price);
      expect(s.depth.buy[0]!.price).toBeGreaterThan(s.depth.buy[4]!.price);
      expect(s.depth.sell[0]!.quantity % 65).toBe(0);
      expect(s.oi).toBeGreaterThan(0);
      expect(s.oiDayLow).toBeLessThanOrEqual(s.oi);
      expect(s.oiDayHigh).toBeGreaterThanOrEqual(s.oi);
    }
    expect(lastVolume).toBeGreaterThan(0);
    expect(model.tick(NIFTY, ist('2025-12-02 10:00:00'))!.volume).toBe(0);
  });

  it('follows holiday changes made after start', () => {
    const calendar = new MarketCalendar();
    const model = new MarketModel(options(), calendar);
    const at = ist('2025-12-03 10:00:00');
    const closeOf = (date: string): number => model.groundTruth(NIFTY, ist(`${date} 15:30:00`))!.lastPrice;
    expect(model.tick(NIFTY, at)!.close).toBe(closeOf('2025-12-02'));
    calendar.setHolidays(['2025-12-02']);
    expect(model.tick(NIFTY, at + 1_000)!.close).toBe(closeOf('2025-12-01'));
  });

  it('returns the same state object on every call', () => {
    const model = new MarketModel(options(), new MarketCalendar());
    expect(model.tick(NIFTY, ist('2025-12-02 10:00:00'))).toBe(model.tick(NIFTY, ist('2025-12-02 10:00:01')));
    expect(model.tick(1, 0)).toBeUndefined();
  });
});

describe('candles', () => {
  it('generates session candles consistent with the model', () => {
    const calendar = new MarketCalendar();
    const model = new MarketModel(options(), calendar);
    const candles = generateCandles(model, calendar, {
      token: NIFTY,
      interval: '5minute',
      fromMs: ist('2025-12-02 09:15:00'),
      toMs: ist('2025-12-02 15:30:00'),
      nowMs: ist('2025-12-05 00:00:00'),
      withOi: false,
    });
    expect(candles).toHaveLength(75);
    expect(candles[0]![0]).toBe('2025-12-02T09:15:00+0530');
    const [, o, h, l, c] = candles[0] as [string, number, number, number, number];
    expect(h).toBeGreaterThanOrEqual(Math.max(o, c));
    expect(l).toBeLessThanOrEqual(Math.min(o, c));
    expect(o).toBe(model.groundTruth(NIFTY, ist('2025-12-02 09:15:00'))!.lastPrice);
    const days = generateCandles(model, calendar, {
      token: NIFTY,
      interval: 'day',
      fromMs: ist('2025-11-24 00:00:00'),
      toMs: ist('2025-12-02 23:59:59'),
      nowMs: ist('2025-12-05 00:00:00'),
      withOi: true,
    });
    expect(days.map((d) => d[0])).toEqual([
      '2025-11-24T00:00:00+0530',
      '2025-11-25T00:00:00+0530',
      '2025-11-26T00:00:00+0530',
      '2025-11-27T00:00:00+0530',
      '2025-11-28T00:00:00+0530',
      '2025-12-01T00:00:00+0530',
      '2025-12-02T00:00:00+0530',
    ]);
    expect(days[0]).toHaveLength(7);
  });
});
