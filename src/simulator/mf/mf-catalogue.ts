import { CLOSE_MINUTE } from '../../common/time/market-calendar.js';
import { dayToDateString, istDayNumber, istTimeOnDay } from '../../common/time/ist.js';
import type { MarketCalendar } from '../../common/time/market-calendar.js';
import { PricePath } from '../market/price-path.js';
import { streamId } from '../market/prng.js';

/** A mutual fund scheme as `/mf/instruments` lists it, plus the parameters of its NAV path. */
export interface MutualFund {
  tradingsymbol: string;
  amc: string;
  name: string;
  purchase_allowed: boolean;
  redemption_allowed: boolean;
  minimum_purchase_amount: number;
  purchase_amount_multiplier: number;
  minimum_additional_purchase_amount: number;
  minimum_redemption_quantity: number;
  redemption_quantity_multiplier: number;
  dividend_type: 'growth' | 'payout';
  scheme_type: 'equity' | 'debt' | 'elss' | 'liquid';
  plan: 'direct' | 'regular';
  settlement_type: string;
  /** NAV at the anchor instant; it then follows a GBM with this volatility and drift. */
  nav: number;
  vol: number;
  drift: number;
}

const equity = { scheme_type: 'equity', settlement_type: 'T3', vol: 0.14, drift: 0.12 } as const;
const debt = { scheme_type: 'debt', settlement_type: 'T1', vol: 0.02, drift: 0.07 } as const;
const limits = {
  purchase_allowed: true,
  redemption_allowed: true,
  minimum_purchase_amount: 100,
  purchase_amount_multiplier: 1,
  minimum_additional_purchase_amount: 100,
  minimum_redemption_quantity: 0.001,
  redemption_quantity_multiplier: 0.001,
} as const;

/** Simulated schemes (well-formed ISINs with valid check digits, but not real funds). */
export const DEFAULT_FUNDS: readonly MutualFund[] = [
  {
    ...limits,
    ...equity,
    tradingsymbol: 'INFZ01S01AA3',
    amc: 'SimAMC_MF',
    name: 'Sim Bluechip Fund - Direct Plan',
    dividend_type: 'growth',
    plan: 'direct',
    nav: 61.2345,
  },
  {
    ...limits,
    ...equity,
    tradingsymbol: 'INFZ01S01AB1',
    amc: 'SimAMC_MF',
    name: 'Sim Bluechip Fund - Regular Plan',
    dividend_type: 'growth',
    plan: 'regular',
    nav: 55.871,
  },
  {
    ...limits,
    ...equity,
    tradingsymbol: 'INFZ02S01AC7',
    amc: 'FauxAMC_MF',
    name: 'Faux Flexi Cap Fund - Direct Plan',
    dividend_type: 'growth',
    plan: 'direct',
    nav: 88.4402,
    minimum_purchase_amount: 500,
  },
  {
    ...limits,
    ...equity,
    tradingsymbol: 'INFZ02S01AD5',
    amc: 'FauxAMC_MF',
    name: 'Faux Flexi Cap Fund - Direct Plan IDCW',
    dividend_type: 'payout',
    plan: 'direct',
    nav: 24.1177,
    minimum_purchase_amount: 500,
  },
  {
    ...limits,
    ...equity,
    scheme_type: 'elss',
    tradingsymbol: 'INFZ03S01AE1',
    amc: 'MockAMC_MF',
    name: 'Mock Tax Saver (ELSS) Fund - Direct Plan',
    dividend_type: 'growth',
    plan: 'direct',
    nav: 132.905,
    minimum_purchase_amount: 500,
    purchase_amount_multiplier: 500,
    minimum_additional_purchase_amount: 500,
  },
  {
    ...limits,
    ...debt,
    scheme_type: 'liquid',
    tradingsymbol: 'INFZ03S01AF8',
    amc: 'MockAMC_MF',
    name: 'Mock Liquid Fund - Direct Plan',
    dividend_type: 'growth',
    plan: 'direct',
    nav: 2_512.6612,
    vol: 0.004,
    drift: 0.065,
  },
  {
    ...limits,
    ...debt,
    tradingsymbol: 'INFZ04S01AG4',
    amc: 'DemoAMC_MF',
    name: 'Demo Gilt Fund - Direct Plan',
    dividend_type: 'growth',
    plan: 'direct',
    nav: 41.0021,
    minimum_purchase_amount: 5_000,
  },
  {
    ...limits,
    ...equity,
    tradingsymbol: 'INFZ04S01AH2',
    amc: 'DemoAMC_MF',
    name: 'Demo Closed Fund - Direct Plan',
    dividend_type: 'growth',
    plan: 'direct',
    nav: 18.6,
    purchase_allowed: false,
  },
];

export const MF_INSTRUMENTS_HEADER =
  'tradingsymbol,amc,name,purchase_allowed,redemption_allowed,minimum_purchase_amount,purchase_amount_multiplier,' +
  'minimum_additional_purchase_amount,minimum_redemption_quantity,redemption_quantity_multiplier,dividend_type,' +
  'scheme_type,plan,settlement_type,last_price,last_price_date';
const CRLF = '\r\n';
const NAV_DECIMALS = 10_000;

/** The fund list with deterministic daily NAVs (one per trading day, struck at 15:30 IST). */
export class MfCatalogue {
  private readonly bySymbol: Map<string, { fund: MutualFund; path: PricePath }>;

  constructor(
    funds: readonly MutualFund[],
    seed: number,
    anchorMs: number,
    private readonly calendar: MarketCalendar,
  ) {
    this.bySymbol = new Map(
      funds.map((fund) => [
        fund.tradingsymbol,
        {
          fund,
          path: new PricePath(seed, streamId(`MF:${fund.tradingsymbol}`), fund.nav, fund.vol, fund.drift, anchorMs),
        },
      ]),
    );
  }

  funds(): MutualFund[] {
    return [...this.bySymbol.values()].map((e) => e.fund);
  }

  fund(isin: string): MutualFund | undefined {
    return this.bySymbol.get(isin)?.fund;
  }

  /** The NAV struck on trading day `day` (IST day number). */
  navOn(isin: string, day: number): number {
    const entry = this.bySymbol.get(isin);
    if (!entry) {
      return 0;
    }
    return Math.round(entry.path.priceAt(istTimeOnDay(day, 0, CLOSE_MINUTE)) * NAV_DECIMALS) / NAV_DECIMALS;
  }

  /** NAVs are published after the day: the latest is the previous trading day's. */
  latest(isin: string, nowMs: number): { nav: number; date: string } {
    const day = this.calendar.previousTradingDay(istDayNumber(nowMs));
    return { nav: this.navOn(isin, day), date: dayToDateString(day) };
  }

  csv(nowMs: number, trailingNewline: boolean): string {
    const lines = [MF_INSTRUMENTS_HEADER];
    for (const fund of this.funds()) {
      const { nav, date } = this.latest(fund.tradingsymbol, nowMs);
      lines.push(
        [
          fund.tradingsymbol,
          fund.amc,
          `"${fund.name}"`,
          fund.purchase_allowed ? 1 : 0,
          fund.redemption_allowed ? 1 : 0,
          fund.minimum_purchase_amount.toFixed(1),
          fund.purchase_amount_multiplier.toFixed(1),
          fund.minimum_additional_purchase_amount.toFixed(1),
          fund.minimum_redemption_quantity,
          fund.redemption_quantity_multiplier,
          fund.dividend_type,
          fund.scheme_type,
          fund.plan,
          fund.settlement_type,
          nav,
          date,
        ].join(','),
      );
    }
    return lines.join(CRLF) + (trailingNewline ? CRLF : '');
  }
}
