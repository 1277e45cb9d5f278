import { dayToDateString, istDayNumber } from '../../common/time/ist.js';
import type { MarketModel } from '../market/market-model.js';
import type { EquitySpec } from '../market/market-config.js';
import { inputError } from '../rest/http-kit.js';
import { isDelivery, round2 } from './margins.js';
import type { PositionTotal } from './positions.js';

/** A demat holding a simulated user starts the day with (settled, bought on earlier days). */
export interface SeedHolding {
  tradingsymbol: string;
  quantity: number;
  averagePrice: number;
  /** Bought on the previous trading day, not yet delivered (T+1). */
  t1Quantity?: number;
}

/** Every user starts with these (prices are averages of earlier purchases, in rupees). */
export const DEFAULT_HOLDINGS: readonly SeedHolding[] = [
  { tradingsymbol: 'RELIANCE', quantity: 20, averagePrice: 1_310.45 },
  { tradingsymbol: 'INFY', quantity: 35, averagePrice: 1_422.3 },
  { tradingsymbol: 'HDFCBANK', quantity: 50, averagePrice: 842.1, t1Quantity: 10 },
  { tradingsymbol: 'TCS', quantity: 8, averagePrice: 3_488 },
  { tradingsymbol: 'SBIN', quantity: 100, averagePrice: 612.75 },
];

const PERCENT = 100;
/** Holdings per user; beyond this many users the seed is not copied for a new user (they share it). */
const MAX_CUSTOM_USERS = 1_000;

/**
 * Demat holdings (NSE equities, product CNC). Each user starts from the seed; today's delivery sells
 * show up as `used_quantity`, derived from the day's CNC positions so they can never disagree.
 */
export class HoldingsBook {
  private readonly custom = new Map<string, readonly SeedHolding[]>();
  private readonly isins: Map<string, string>;

  constructor(
    private seed: readonly SeedHolding[],
    equities: readonly EquitySpec[],
    private readonly market: MarketModel,
  ) {
    this.isins = new Map(equities.map((e) => [e.tradingsymbol, e.isin]));
    this.seed = this.checked(seed);
  }

  /** Replaces one user's holdings (control API). */
  set(userId: string, holdings: readonly SeedHolding[]): void {
    if (!this.custom.has(userId) && this.custom.size >= MAX_CUSTOM_USERS) {
      throw inputError('Too many users with custom holdings');
    }
    this.custom.set(userId, this.checked(holdings));
  }

  seedFor(userId: string): readonly SeedHolding[] {
    return this.custom.get(userId) ?? this.seed;
  }

  /** Kite's /portfolio/holdings rows at `now`. */
  holdings(userId: string, positions: readonly PositionTotal[], now: number): Record<string, unknown>[] {
    return this.seedFor(userId).map((h) => {
      const instrument = this.market.findBySymbol(`NSE:${h.tradingsymbol}`)!;
      const state = this.market.tick(instrument.instrumentToken, now);
      const last = state?.lastPrice ?? 0;
      const close = state?.close ?? 0;
      const t1 = h.t1Quantity ?? 0;
      const owned = h.quantity + t1;
      return {
        tradingsymbol: h.tradingsymbol,
        exchange: 'NSE',
        instrument_token: instrument.instrumentToken,
        isin: this.isins.get(h.tradingsymbol) ?? '',
        product: 'CNC',
        price: 0,
        quantity: h.quantity,
        used_quantity: Math.min(owned, soldFromHoldings(positions, instrument.instrumentToken)),
        t1_quantity: t1,
        realised_quantity: h.quantity,
        authorised_quantity: 0,
        authorised_date: `${dayToDateString(istDayNumber(now))} 00:00:00`,
        opening_quantity: owned,
        short_quantity: 0,
        collateral_quantity: 0,
        collateral_type: '',
        discrepancy: false,
        average_price: h.averagePrice,
        last_price: last,
        close_price: close,
        pnl: round2((last - h.averagePrice) * owned),
        day_change: round2(last - close),
        day_change_percentage: close > 0 ? ((last - close) / close) * PERCENT : 0,
        mtf: { quantity: 0, used_quantity: 0, average_price: 0, value: 0, initial_margin: 0 },
      };
    });
  }

  /** Shares of `token` a delivery sell may still take: holdings plus today's delivery buys, minus sells. */
  sellable(userId: string, token: number, positions: readonly PositionTotal[]): number {
    const instrument = this.market.instrument(token);
    const held = this.seedFor(userId).find((h) => h.tradingsymbol === instrument?.tradingsymbol);
    const owned = held ? held.quantity + (held.t1Quantity ?? 0) : 0;
    const net = positions
      .filter((p) => p.token === token && isDelivery(p.product))
      .reduce((sum, p) => sum + p.quantity, 0);
    return Math.max(owned + net, 0);
  }

  private checked(holdings: readonly SeedHolding[]): readonly SeedHolding[] {
    for (const h of holdings) {
      if (!this.market.findBySymbol(`NSE:${h.tradingsymbol}`)) {
        throw inputError(`Unknown NSE equity ${h.tradingsymbol} in holdings`);
      }
      if (!Number.isInteger(h.quantity) || h.quantity < 0 || !(h.averagePrice > 0)) {
        throw inputError(`Invalid holding ${h.tradingsymbol}: quantity must be a whole number, average price positive`);
      }
    }
    return holdings.map((h) => ({ ...h }));
  }
}

/** Today's net delivery sells of `token` beyond today's delivery buys: what came out of the demat. */
const soldFromHoldings = (positions: readonly PositionTotal[], token: number): number => {
  const net = positions
    .filter((p) => p.token === token && isDelivery(p.product))
    .reduce((sum, p) => sum + p.quantity, 0);
  return Math.max(-net, 0);
};
