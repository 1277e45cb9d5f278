/** Volatility smile: σ(k) = level + skew·k + curvature·k², k = ln(K/F), floored at MIN_MODEL_VOL. */
export interface SmileParams {
  level: number;
  skew: number;
  curvature: number;
}

export interface UnderlyingSpec {
  /** Derivatives' `name` column and symbol root, e.g. "NIFTY". */
  name: string;
  /** The index's tradingsymbol, e.g. "NIFTY 50". */
  indexSymbol: string;
  /** Kite's exchange token of the index (token = exchangeToken * 256 + 9). */
  indexExchangeToken: number;
  /** Spot at the model's anchor instant. */
  spot: number;
  /** GBM volatility (annual, calendar-time). */
  vol: number;
  /** GBM drift (annual). */
  drift: number;
  /** Continuous dividend yield used for forwards. */
  dividendYield: number;
  strikeStep: number;
  /** Strikes listed on each side of the at-the-money strike. */
  strikesEachSide: number;
  lotSize: number;
  /** Weekly (Tuesday) expiries listed; 0 for monthly-only underlyings. */
  weeklyExpiries: number;
  /** Monthly (last Tuesday) option expiries listed. */
  monthlyExpiries: number;
  /** Monthly futures listed. */
  futureMonths: number;
  smile: SmileParams;
}

export const MIN_MODEL_VOL = 0.01;
export const DEFAULT_TICK_SIZE = 0.05;
export const DEFAULT_RATE = 0.065;

export const DEFAULT_UNDERLYINGS: readonly UnderlyingSpec[] = [
  {
    name: 'NIFTY',
    indexSymbol: 'NIFTY 50',
    indexExchangeToken: 1001,
    spot: 26_000,
    vol: 0.13,
    drift: 0.08,
    dividendYield: 0.012,
    strikeStep: 50,
    strikesEachSide: 30,
    lotSize: 65,
    weeklyExpiries: 4,
    monthlyExpiries: 3,
    futureMonths: 3,
    smile: { level: 0.12, skew: -0.45, curvature: 2.5 },
  },
  {
    name: 'BANKNIFTY',
    indexSymbol: 'NIFTY BANK',
    indexExchangeToken: 1016,
    spot: 58_000,
    vol: 0.15,
    drift: 0.08,
    dividendYield: 0.01,
    strikeStep: 100,
    strikesEachSide: 30,
    lotSize: 30,
    weeklyExpiries: 0,
    monthlyExpiries: 3,
    futureMonths: 3,
    smile: { level: 0.14, skew: -0.4, curvature: 2.0 },
  },
  {
    name: 'FINNIFTY',
    indexSymbol: 'NIFTY FIN SERVICE',
    indexExchangeToken: 1007,
    spot: 27_500,
    vol: 0.14,
    drift: 0.08,
    dividendYield: 0.01,
    strikeStep: 50,
    strikesEachSide: 20,
    lotSize: 60,
    weeklyExpiries: 0,
    monthlyExpiries: 3,
    futureMonths: 3,
    smile: { level: 0.13, skew: -0.4, curvature: 2.0 },
  },
];

/** A cash-segment equity listed on NSE (segment NSE, token = exchangeToken * 256 + 1). */
export interface EquitySpec {
  tradingsymbol: string;
  /** Kite's `name` column for equities: the company name. */
  name: string;
  /** Kite's exchange token (the real one, so tokens match Kite's). */
  exchangeToken: number;
  isin: string;
  /** Price at the model's anchor instant. */
  spot: number;
  vol: number;
  drift: number;
  /** NSE tick size for the stock's price band. */
  tickSize: number;
  /** Mean traded shares per second (volume and book sizes scale with it). */
  sharesPerSecond: number;
}

/**
 * A few liquid NSE stocks: enough for holdings, CNC orders and GTTs on equities. Tick sizes follow the
 * price-band tick sizes NSE applies to the cash segment (0.05 below ₹1,000, 0.10 up to ₹5,000).
 */
export const DEFAULT_EQUITIES: readonly EquitySpec[] = [
  {
    tradingsymbol: 'RELIANCE',
    name: 'RELIANCE INDUSTRIES',
    exchangeToken: 2885,
    isin: 'INE002A01018',
    spot: 1_510,
    vol: 0.22,
    drift: 0.1,
    tickSize: 0.1,
    sharesPerSecond: 400,
  },
  {
    tradingsymbol: 'INFY',
    name: 'INFOSYS',
    exchangeToken: 1594,
    isin: 'INE009A01021',
    spot: 1_560,
    vol: 0.24,
    drift: 0.1,
    tickSize: 0.1,
    sharesPerSecond: 300,
  },
  {
    tradingsymbol: 'HDFCBANK',
    name: 'HDFC BANK',
    exchangeToken: 1333,
    isin: 'INE040A01034',
    spot: 1_005,
    vol: 0.2,
    drift: 0.1,
    tickSize: 0.1,
    sharesPerSecond: 600,
  },
  {
    tradingsymbol: 'TCS',
    name: 'TATA CONSULTANCY SERV LT',
    exchangeToken: 11536,
    isin: 'INE467B01029',
    spot: 3_150,
    vol: 0.22,
    drift: 0.1,
    tickSize: 0.1,
    sharesPerSecond: 120,
  },
  {
    tradingsymbol: 'SBIN',
    name: 'STATE BANK OF INDIA',
    exchangeToken: 3045,
    isin: 'INE062A01020',
    spot: 955,
    vol: 0.25,
    drift: 0.1,
    tickSize: 0.05,
    sharesPerSecond: 700,
  },
];

export interface MarketModelOptions {
  seed: number;
  /** Risk-free rate (continuous) for forwards and discounting. */
  rate: number;
  underlyings: readonly UnderlyingSpec[];
  /** NSE cash equities listed besides the index derivatives (none unless given). */
  equities?: readonly EquitySpec[];
  /** The instant the spots above apply to and the date the instrument list is built for. */
  anchorMs: number;
  /** When false (Kite-like), prices stand still outside 09:15–15:30 IST on trading days. */
  moveOutsideSession: boolean;
  /** An option is repriced at most this often (simulated ms); 0 reprices on every distinct time. */
  repriceIntervalMs: number;
  /** Quoted half-spread as a fraction of the fair price (at least one tick). */
  halfSpreadFraction: number;
}
