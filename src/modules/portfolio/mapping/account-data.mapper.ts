import { KITE_MARGIN_SEGMENTS } from '../../../common/market-data/kite-constants.js';
import { KiteRecord } from '../../accounts/index.js';
import type {
  AvailableMargins,
  ProfileResponse,
  SegmentMarginsResponse,
  UserMarginsResponse,
  UtilisedMargins,
} from '../api/dto/account-data.dto.js';
import type { HoldingResponse } from '../api/dto/holdings.dto.js';
import type { PositionResponse, PositionsResponse } from '../api/dto/positions.dto.js';

const AVAILABLE_FIELDS = [
  'adhoc_margin',
  'cash',
  'opening_balance',
  'live_balance',
  'collateral',
  'intraday_payin',
] as const satisfies readonly (keyof AvailableMargins)[];
const UTILISED_FIELDS = [
  'debits',
  'exposure',
  'm2m_realised',
  'm2m_unrealised',
  'option_premium',
  'payout',
  'span',
  'holding_sales',
  'turnover',
  'liquid_collateral',
  'stock_collateral',
  'delivery',
] as const satisfies readonly (keyof UtilisedMargins)[];

/** Numeric fields Kite adds or drops over time default to 0; the identifying ones are required. */
const numbers = <K extends string>(r: KiteRecord, fields: readonly K[]): Record<K, number> =>
  Object.fromEntries(fields.map((f) => [f, r.numOr(f, 0)])) as Record<K, number>;

export const toProfile = (accountId: string, raw: unknown): ProfileResponse => {
  const r = KiteRecord.of(raw, 'profile');
  const meta = r.optRecord('meta');
  return {
    account_id: accountId,
    user_id: r.str('user_id'),
    user_name: r.str('user_name'),
    user_shortname: r.optStr('user_shortname') ?? '',
    email: r.str('email'),
    user_type: r.optStr('user_type') ?? '',
    broker: r.optStr('broker') ?? '',
    exchanges: r.has('exchanges') ? r.strings('exchanges') : [],
    products: r.has('products') ? r.strings('products') : [],
    order_types: r.has('order_types') ? r.strings('order_types') : [],
    avatar_url: r.optStr('avatar_url'),
    meta: { demat_consent: meta?.optStr('demat_consent') ?? '' },
  };
};

const segmentFrom = (r: KiteRecord): SegmentMarginsResponse => ({
  enabled: r.bool('enabled'),
  net: r.num('net'),
  available: numbers(r.record('available'), AVAILABLE_FIELDS),
  utilised: numbers(r.record('utilised'), UTILISED_FIELDS),
});

/** One segment's margins (Kite answers the segment object alone for /user/margins/{segment}). */
export const toSegmentMargins = (raw: unknown): SegmentMarginsResponse => segmentFrom(KiteRecord.of(raw, 'margins'));

export const toUserMargins = (raw: unknown): UserMarginsResponse => {
  const r = KiteRecord.of(raw, 'margins');
  const margins: UserMarginsResponse = {};
  for (const segment of KITE_MARGIN_SEGMENTS) {
    if (r.has(segment)) {
      margins[segment] = segmentFrom(r.record(segment));
    }
  }
  return margins;
};

export const toHolding = (r: KiteRecord): HoldingResponse => ({
  tradingsymbol: r.str('tradingsymbol'),
  exchange: r.str('exchange'),
  instrument_token: r.num('instrument_token'),
  isin: r.optStr('isin') ?? '',
  product: r.optStr('product') ?? 'CNC',
  price: r.numOr('price', 0),
  quantity: r.num('quantity'),
  used_quantity: r.numOr('used_quantity', 0),
  t1_quantity: r.numOr('t1_quantity', 0),
  realised_quantity: r.numOr('realised_quantity', 0),
  authorised_quantity: r.numOr('authorised_quantity', 0),
  authorised_date: r.isoDate('authorised_date'),
  opening_quantity: r.numOr('opening_quantity', 0),
  short_quantity: r.numOr('short_quantity', 0),
  collateral_quantity: r.numOr('collateral_quantity', 0),
  collateral_type: r.optStr('collateral_type') ?? '',
  discrepancy: r.boolOr('discrepancy', false),
  average_price: r.num('average_price'),
  last_price: r.num('last_price'),
  close_price: r.numOr('close_price', 0),
  pnl: r.numOr('pnl', 0),
  day_change: r.numOr('day_change', 0),
  day_change_percentage: r.numOr('day_change_percentage', 0),
});

export const toHoldings = (raw: unknown): HoldingResponse[] => KiteRecord.list(raw, 'holdings').map(toHolding);

const POSITION_NUMBERS = [
  'overnight_quantity',
  'multiplier',
  'average_price',
  'close_price',
  'last_price',
  'value',
  'pnl',
  'm2m',
  'unrealised',
  'realised',
  'buy_quantity',
  'buy_price',
  'buy_value',
  'buy_m2m',
  'sell_quantity',
  'sell_price',
  'sell_value',
  'sell_m2m',
  'day_buy_quantity',
  'day_buy_price',
  'day_buy_value',
  'day_sell_quantity',
  'day_sell_price',
  'day_sell_value',
] as const satisfies readonly (keyof PositionResponse)[];

export const toPosition = (r: KiteRecord): PositionResponse => ({
  tradingsymbol: r.str('tradingsymbol'),
  exchange: r.str('exchange'),
  instrument_token: r.num('instrument_token'),
  product: r.str('product'),
  quantity: r.num('quantity'),
  ...numbers(r, POSITION_NUMBERS),
});

export const toPositions = (raw: unknown): PositionsResponse => {
  const r = KiteRecord.of(raw, 'positions');
  return { net: r.records('net').map(toPosition), day: r.records('day').map(toPosition) };
};
