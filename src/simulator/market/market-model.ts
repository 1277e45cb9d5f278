import type { InstrumentState, MarketView, SimInstrument } from '../contracts/simulator.contracts.js';
import { MS_PER_SECOND } from '../../common/time/ist.js';
import type { MarketCalendar } from '../../common/time/market-calendar.js';
import { ActivityProfile, emptyDepth } from './activity.js';
import { black76Price } from './black76.js';
import { MIN_MODEL_VOL, type EquitySpec, type MarketModelOptions, type UnderlyingSpec } from './market-config.js';
import { PricePath } from './price-path.js';
import { streamId } from './prng.js';
import { type Session, SessionCalendar } from './session-calendar.js';
import { buildUniverse, listEquities } from './universe.js';

const MS_PER_YEAR = 365 * 86_400_000;
const MS_PER_MINUTE = 60_000;
/** Session statistics (high, low, average) are sampled at these steps. */
const UNDERLYING_SAMPLE_MS = 1_000;
const OPTION_SAMPLE_MS = 60_000;
const FUTURE_RATE_LOTS = 25;
const ATM_OPTION_RATE_LOTS = 40;
const MIN_OPTION_RATE_LOTS = 0.3;
const MONEYNESS_WIDTH = 0.03;
const PRICE_DECIMALS = 100;

export interface GroundTruth {
  instrumentToken: number;
  tradingsymbol: string;
  kind: SimInstrument['kind'];
  atMs: number;
  /** The instant actually priced (prices stand still outside the session unless configured otherwise). */
  effectiveMs: number;
  underlyingToken: number;
  underlyingPrice: number;
  forward: number;
  strike: number;
  expiry: string | null;
  /** Years to expiry (calendar, 365 days), 0 for indices. */
  timeToExpiryYears: number;
  rate: number;
  modelVol: number | null;
  theoreticalPrice: number;
  lastPrice: number;
}

interface Underlying {
  spec: UnderlyingSpec;
  path: PricePath;
  cachedMs: number;
  cachedPrice: number;
}

interface Entry {
  instrument: SimInstrument;
  underlying: Underlying;
  expiryMs: number;
  isCall: boolean;
  activity: ActivityProfile;
  state: InstrumentState;
  sampleMs: number;
  lastNowMs: number;
  lastPricedMs: number;
  session: Session | undefined;
  cursorMs: number;
  sum: number;
  count: number;
  /** Session range over the sampling grid only, so answers do not depend on how often we are asked. */
  sampledHigh: number;
  sampledLow: number;
  sampledOiHigh: number;
  sampledOiLow: number;
}

export const roundTick = (value: number, tick: number): number => {
  const perUnit = Math.round(1 / tick);
  return Math.round(value * perUnit) / perUnit;
};

/** The simulated NSE index-derivatives market: deterministic for a seed and anchor. */
export class MarketModel implements MarketView {
  private readonly entries: Entry[] = [];
  private readonly byToken = new Map<number, Entry>();
  private readonly bySymbol = new Map<string, Entry>();
  private readonly list: SimInstrument[];
  private readonly sessions: SessionCalendar;
  moveOutsideSession: boolean;

  constructor(
    readonly options: MarketModelOptions,
    calendar: MarketCalendar,
  ) {
    this.moveOutsideSession = options.moveOutsideSession;
    this.sessions = new SessionCalendar(calendar);
    const underlyings = options.underlyings.map((spec) => ({
      spec,
      path: new PricePath(options.seed, streamId(spec.name), spec.spot, spec.vol, spec.drift, options.anchorMs),
      cachedMs: Number.NaN,
      cachedPrice: 0,
    }));
    for (const listed of buildUniverse(options.underlyings, options.anchorMs, calendar)) {
      this.addEntry(listed.instrument, underlyings[listed.underlyingIndex]!, listed.expiryMs);
    }
    const equities = options.equities ?? [];
    listEquities(equities).forEach((instrument, index) => {
      const spec = equityAsUnderlying(equities[index]!);
      const stream = streamId(`EQ:${spec.name}`);
      const path = new PricePath(options.seed, stream, spec.spot, spec.vol, spec.drift, options.anchorMs);
      this.addEntry(instrument, { spec, path, cachedMs: Number.NaN, cachedPrice: 0 }, Number.POSITIVE_INFINITY);
    });
    this.list = this.entries.map((e) => e.instrument);
  }

  private addEntry(instrument: SimInstrument, underlying: Underlying, expiryMs: number): void {
    const stream = streamId(instrument.tradingsymbol);
    const entry: Entry = {
      instrument,
      underlying,
      expiryMs,
      isCall: instrument.kind === 'CE',
      activity: new ActivityProfile(
        this.options.seed,
        stream,
        activityRate(instrument, underlying.spec),
        instrument.lotSize,
        instrument.kind !== 'EQ',
      ),
      state: blankState(instrument.instrumentToken),
      sampleMs: instrument.kind === 'CE' || instrument.kind === 'PE' ? OPTION_SAMPLE_MS : UNDERLYING_SAMPLE_MS,
      lastNowMs: Number.NaN,
      lastPricedMs: Number.NaN,
      session: undefined,
      cursorMs: 0,
      sum: 0,
      count: 0,
      sampledHigh: 0,
      sampledLow: 0,
      sampledOiHigh: 0,
      sampledOiLow: 0,
    };
    this.entries.push(entry);
    this.byToken.set(instrument.instrumentToken, entry);
    this.bySymbol.set(`${instrument.exchange}:${instrument.tradingsymbol}`, entry);
  }

  instruments(): readonly SimInstrument[] {
    return this.list;
  }

  instrument(token: number): SimInstrument | undefined {
    return this.byToken.get(token)?.instrument;
  }

  /** Looks up `EXCHANGE:TRADINGSYMBOL`. */
  findBySymbol(exchangeAndSymbol: string): SimInstrument | undefined {
    return this.bySymbol.get(exchangeAndSymbol)?.instrument;
  }

  isExpired(token: number, nowMs: number): boolean {
    const entry = this.byToken.get(token);
    return entry !== undefined && entry.expiryMs <= this.effectiveTime(nowMs);
  }

  state(token: number): InstrumentState | undefined {
    return this.byToken.get(token)?.state;
  }

  tick(token: number, nowMs: number): InstrumentState | undefined {
    const entry = this.byToken.get(token);
    if (!entry) {
      return undefined;
    }
    if (entry.lastNowMs === nowMs) {
      return entry.state;
    }
    entry.lastNowMs = nowMs;
    const eff = this.effectiveTime(nowMs);
    const state = entry.state;
    state.exchangeTimestamp = Math.floor(nowMs / MS_PER_SECOND);
    const session = this.sessionOf(eff);
    if (entry.session !== session) {
      this.startSession(entry, session);
    } else if (eff >= entry.lastPricedMs && eff - entry.lastPricedMs < Math.max(this.options.repriceIntervalMs, 1)) {
      return state;
    }
    this.catchUp(entry, eff);
    entry.lastPricedMs = eff;
    const tick = entry.instrument.tickSize;
    const fair = this.fairAt(entry, eff);
    const ltp = roundTick(fair, tick);
    state.lastPrice = ltp;
    state.high = Math.max(entry.sampledHigh, ltp);
    state.low = Math.min(entry.sampledLow, ltp);
    const second = Math.floor(eff / MS_PER_SECOND);
    state.lastTradeTime = entry.activity.trades ? second : 0;
    const elapsed = eff - session.startMs;
    state.volume = entry.activity.volumeAt(elapsed / MS_PER_SECOND);
    state.lastQuantity = entry.activity.lastQuantityAt(second);
    state.averagePrice = entry.activity.trades
      ? Math.round(((entry.sum + ltp) / (entry.count + 1)) * PRICE_DECIMALS) / PRICE_DECIMALS
      : 0;
    state.oi = entry.activity.oiAt(Math.floor(elapsed / MS_PER_MINUTE));
    state.oiDayHigh = Math.max(entry.sampledOiHigh, state.oi);
    state.oiDayLow = entry.sampledOiLow === 0 ? state.oi : Math.min(entry.sampledOiLow, state.oi);
    entry.activity.fillDepth(state, fair, tick, this.options.halfSpreadFraction, second);
    return state;
  }

  /** Session (day, 09:15 start, end, previous close instant) that `ms` belongs to. */
  sessionOf(ms: number): Session {
    return this.sessions.sessionOf(ms);
  }

  /** The instant whose prices apply at `nowMs`: the last session's close when the market is shut. */
  effectiveTime(nowMs: number): number {
    if (this.moveOutsideSession) {
      return nowMs;
    }
    return Math.min(nowMs, this.sessionOf(nowMs).endMs);
  }

  /** Unrounded model price of an instrument at an instant (no session clamping). */
  fairPrice(token: number, ms: number): number | undefined {
    const entry = this.byToken.get(token);
    return entry ? this.fairAt(entry, ms) : undefined;
  }

  /** Cumulative session volume and OI at an instant, for candles. */
  activityAt(token: number, ms: number): { volume: number; oi: number } {
    const entry = this.byToken.get(token);
    if (!entry) {
      return { volume: 0, oi: 0 };
    }
    const elapsed = ms - this.sessionOf(ms).startMs;
    return {
      volume: entry.activity.volumeAt(elapsed / MS_PER_SECOND),
      oi: entry.activity.oiAt(Math.floor(elapsed / MS_PER_MINUTE)),
    };
  }

  groundTruth(token: number, atMs: number): GroundTruth | undefined {
    const entry = this.byToken.get(token);
    if (!entry) {
      return undefined;
    }
    const eff = this.effectiveTime(atMs);
    const { instrument } = entry;
    const spot = this.spotAt(entry.underlying, eff);
    const years =
      instrument.kind === 'INDEX' || instrument.kind === 'EQ' ? 0 : Math.max(entry.expiryMs - eff, 0) / MS_PER_YEAR;
    const forward = this.forward(entry.underlying.spec, spot, years);
    const isOption = instrument.kind === 'CE' || instrument.kind === 'PE';
    const modelVol = isOption ? this.smileVol(entry.underlying.spec, instrument.strike, forward) : null;
    const theoretical = this.fairAt(entry, eff);
    return {
      instrumentToken: instrument.instrumentToken,
      tradingsymbol: instrument.tradingsymbol,
      kind: instrument.kind,
      atMs,
      effectiveMs: eff,
      underlyingToken: instrument.underlyingToken,
      underlyingPrice: spot,
      forward,
      strike: instrument.strike,
      expiry: instrument.expiry,
      timeToExpiryYears: years,
      rate: this.options.rate,
      modelVol,
      theoreticalPrice: theoretical,
      lastPrice: roundTick(theoretical, instrument.tickSize),
    };
  }

  smileVol(spec: UnderlyingSpec, strike: number, forward: number): number {
    const k = Math.log(strike / forward);
    const { level, skew, curvature } = spec.smile;
    return Math.max(MIN_MODEL_VOL, level + skew * k + curvature * k * k);
  }

  private fairAt(entry: Entry, ms: number): number {
    const spot = this.spotAt(entry.underlying, ms);
    const kind = entry.instrument.kind;
    if (kind === 'INDEX' || kind === 'EQ') {
      return spot;
    }
    const years = Math.max(entry.expiryMs - ms, 0) / MS_PER_YEAR;
    const forward = this.forward(entry.underlying.spec, spot, years);
    if (kind === 'FUT') {
      return forward;
    }
    const vol = this.smileVol(entry.underlying.spec, entry.instrument.strike, forward);
    return black76Price(entry.isCall, forward, entry.instrument.strike, years, vol, this.options.rate);
  }

  private forward(spec: UnderlyingSpec, spot: number, years: number): number {
    return spot * Math.exp((this.options.rate - spec.dividendYield) * years);
  }

  private spotAt(underlying: Underlying, ms: number): number {
    if (underlying.cachedMs !== ms) {
      underlying.cachedMs = ms;
      underlying.cachedPrice = underlying.path.priceAt(ms);
    }
    return underlying.cachedPrice;
  }

  private startSession(entry: Entry, session: Session): void {
    const tick = entry.instrument.tickSize;
    const state = entry.state;
    entry.session = session;
    state.close = roundTick(this.fairAt(entry, session.prevCloseMs), tick);
    state.open = roundTick(this.fairAt(entry, session.startMs), tick);
    entry.sampledHigh = state.open;
    entry.sampledLow = state.open;
    entry.sampledOiHigh = 0;
    entry.sampledOiLow = 0;
    entry.sum = 0;
    entry.count = 0;
    entry.cursorMs = session.startMs;
    entry.lastPricedMs = Number.NaN;
  }

  /** Folds the sampled path since the last call into the session's high, low, average and OI range. */
  private catchUp(entry: Entry, eff: number): void {
    const tick = entry.instrument.tickSize;
    const startMs = this.sessionOf(eff).startMs;
    for (; entry.cursorMs <= eff; entry.cursorMs += entry.sampleMs) {
      const price = roundTick(this.fairAt(entry, entry.cursorMs), tick);
      entry.sampledHigh = Math.max(entry.sampledHigh, price);
      entry.sampledLow = Math.min(entry.sampledLow, price);
      entry.sum += price;
      entry.count += 1;
      const oi = entry.activity.oiAt(Math.floor((entry.cursorMs - startMs) / MS_PER_MINUTE));
      entry.sampledOiHigh = Math.max(entry.sampledOiHigh, oi);
      entry.sampledOiLow = entry.sampledOiLow === 0 ? oi : Math.min(entry.sampledOiLow, oi);
    }
  }
}

const activityRate = (instrument: SimInstrument, spec: UnderlyingSpec): number => {
  switch (instrument.kind) {
    case 'INDEX':
      return 0;
    case 'EQ':
      return (spec as EquityUnderlying).sharesPerSecond;
    case 'FUT':
      return FUTURE_RATE_LOTS;
    case 'CE':
    case 'PE': {
      const moneyness = Math.log(instrument.strike / spec.spot) / MONEYNESS_WIDTH;
      return MIN_OPTION_RATE_LOTS + ATM_OPTION_RATE_LOTS * Math.exp(-moneyness * moneyness);
    }
  }
};

/** An equity priced like an index (its own GBM path), with the fields forwards and smiles never read. */
interface EquityUnderlying extends UnderlyingSpec {
  sharesPerSecond: number;
}

const equityAsUnderlying = (e: EquitySpec): EquityUnderlying => ({
  name: e.tradingsymbol,
  indexSymbol: e.tradingsymbol,
  indexExchangeToken: e.exchangeToken,
  spot: e.spot,
  vol: e.vol,
  drift: e.drift,
  dividendYield: 0,
  strikeStep: 0,
  strikesEachSide: 0,
  lotSize: 1,
  weeklyExpiries: 0,
  monthlyExpiries: 0,
  futureMonths: 0,
  smile: { level: e.vol, skew: 0, curvature: 0 },
  sharesPerSecond: e.sharesPerSecond,
});

const blankState = (instrumentToken: number): InstrumentState => ({
  instrumentToken,
  lastPrice: 0,
  lastQuantity: 0,
  averagePrice: 0,
  volume: 0,
  buyQuantity: 0,
  sellQuantity: 0,
  open: 0,
  high: 0,
  low: 0,
  close: 0,
  lastTradeTime: 0,
  oi: 0,
  oiDayHigh: 0,
  oiDayLow: 0,
  exchangeTimestamp: 0,
  depth: { buy: emptyDepth(), sell: emptyDepth() },
});
