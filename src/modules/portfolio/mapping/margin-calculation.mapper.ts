import { KiteRecord } from '../../accounts/index.js';
import type { BasketMarginsResponse, MarginResponse, OrderCharges } from '../api/dto/margin-calculation.dto.js';

const CHARGE_NUMBERS = [
  'transaction_tax',
  'exchange_turnover_charge',
  'sebi_turnover_charge',
  'brokerage',
  'stamp_duty',
  'total',
] as const;

const toCharges = (r: KiteRecord | null): OrderCharges => {
  const gst = r?.optRecord('gst') ?? null;
  const n = (record: KiteRecord | null, field: string) => record?.numOr(field, 0) ?? 0;
  return {
    ...(Object.fromEntries(CHARGE_NUMBERS.map((f) => [f, n(r, f)])) as Record<(typeof CHARGE_NUMBERS)[number], number>),
    transaction_tax_type: r?.optStr('transaction_tax_type') ?? '',
    gst: { igst: n(gst, 'igst'), cgst: n(gst, 'cgst'), sgst: n(gst, 'sgst'), total: n(gst, 'total') },
  };
};

const toMargin = (r: KiteRecord): MarginResponse => {
  const pnl = r.optRecord('pnl');
  return {
    type: r.optStr('type') ?? '',
    tradingsymbol: r.optStr('tradingsymbol') ?? '',
    exchange: r.optStr('exchange') ?? '',
    span: r.numOr('span', 0),
    exposure: r.numOr('exposure', 0),
    option_premium: r.numOr('option_premium', 0),
    additional: r.numOr('additional', 0),
    bo: r.numOr('bo', 0),
    cash: r.numOr('cash', 0),
    var: r.numOr('var', 0),
    pnl: { realised: pnl?.numOr('realised', 0) ?? 0, unrealised: pnl?.numOr('unrealised', 0) ?? 0 },
    leverage: r.numOr('leverage', 0),
    charges: toCharges(r.optRecord('charges')),
    total: r.num('total'),
  };
};

export const toOrderMargins = (raw: unknown): MarginResponse[] => KiteRecord.list(raw, 'order_margins').map(toMargin);

export const toBasketMargins = (raw: unknown): BasketMarginsResponse => {
  const r = KiteRecord.of(raw, 'basket_margins');
  return {
    initial: toMargin(r.record('initial')),
    final: toMargin(r.record('final')),
    orders: r.records('orders').map(toMargin),
  };
};
