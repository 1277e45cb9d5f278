import { formatIstIso } from '../../../common/time/ist.js';
import { KiteRecord } from '../../accounts/index.js';
import type {
  MfHoldingResponse,
  MfInstrumentResponse,
  MfOrderResponse,
  MfSipResponse,
} from '../api/dto/mf-responses.dto.js';

const iso = (r: KiteRecord, field: string): string | null => {
  const instant = r.instant(field);
  return instant ? formatIstIso(instant) : null;
};

const orderFrom = (accountId: string, r: KiteRecord): MfOrderResponse => ({
  account_id: accountId,
  order_id: r.str('order_id'),
  exchange_order_id: r.optStr('exchange_order_id'),
  tradingsymbol: r.str('tradingsymbol'),
  status: r.str('status'),
  status_message: r.optStr('status_message') ?? '',
  folio: r.optStr('folio'),
  fund: r.optStr('fund') ?? '',
  order_timestamp: iso(r, 'order_timestamp'),
  exchange_timestamp: r.isoDate('exchange_timestamp'),
  settlement_id: r.optStr('settlement_id'),
  transaction_type: r.str('transaction_type'),
  variety: r.optStr('variety') ?? 'regular',
  purchase_type: r.optStr('purchase_type'),
  quantity: r.numOr('quantity', 0),
  amount: r.numOr('amount', 0),
  last_price: r.numOr('last_price', 0),
  average_price: r.numOr('average_price', 0),
  placed_by: r.optStr('placed_by') ?? '',
  last_price_date: r.isoDate('last_price_date'),
  tag: r.optStr('tag'),
});

export const toMfOrder = (accountId: string, raw: unknown): MfOrderResponse =>
  orderFrom(accountId, KiteRecord.of(raw, 'mf_order'));

export const toMfOrders = (accountId: string, raw: unknown): MfOrderResponse[] =>
  KiteRecord.list(raw, 'mf_orders').map((r) => orderFrom(accountId, r));

const stepUp = (r: KiteRecord): Record<string, number> => {
  const steps = r.optRecord('step_up');
  if (!steps) {
    return {};
  }
  // Keys are "DD-MM" dates, values percentages; anything else is dropped.
  return Object.fromEntries(
    steps
      .keys()
      .filter((k) => /^\d{2}-\d{2}$/.test(k))
      .map((k) => [k, steps.num(k)]),
  );
};

const sipFrom = (accountId: string, r: KiteRecord): MfSipResponse => ({
  account_id: accountId,
  sip_id: r.str('sip_id'),
  tradingsymbol: r.str('tradingsymbol'),
  fund: r.optStr('fund') ?? '',
  dividend_type: r.optStr('dividend_type') ?? '',
  transaction_type: r.optStr('transaction_type') ?? 'BUY',
  status: r.str('status'),
  sip_type: r.optStr('sip_type') ?? 'sip',
  created: iso(r, 'created'),
  frequency: r.str('frequency'),
  instalment_amount: r.num('instalment_amount'),
  instalments: r.num('instalments'),
  last_instalment: iso(r, 'last_instalment'),
  pending_instalments: r.numOr('pending_instalments', 0),
  instalment_day: r.numOr('instalment_day', 0),
  completed_instalments: r.numOr('completed_instalments', 0),
  next_instalment: r.isoDate('next_instalment'),
  trigger_price: r.numOr('trigger_price', 0),
  step_up: stepUp(r),
  tag: r.optStr('tag'),
  sip_reg_num: r.optStr('sip_reg_num'),
});

export const toMfSip = (accountId: string, raw: unknown): MfSipResponse =>
  sipFrom(accountId, KiteRecord.of(raw, 'mf_sip'));

export const toMfSips = (accountId: string, raw: unknown): MfSipResponse[] =>
  KiteRecord.list(raw, 'mf_sips').map((r) => sipFrom(accountId, r));

export const toMfHoldings = (raw: unknown): MfHoldingResponse[] =>
  KiteRecord.list(raw, 'mf_holdings').map((r) => ({
    folio: r.optStr('folio'),
    fund: r.optStr('fund') ?? '',
    tradingsymbol: r.str('tradingsymbol'),
    average_price: r.num('average_price'),
    last_price: r.num('last_price'),
    last_price_date: r.isoDate('last_price_date'),
    pnl: r.numOr('pnl', 0),
    quantity: r.num('quantity'),
    pledged_quantity: r.numOr('pledged_quantity', 0),
  }));

/** One parsed CSV row of /mf/instruments (the client turned flags into booleans, some numbers left as text). */
export const toMfInstrument = (r: KiteRecord): MfInstrumentResponse => ({
  tradingsymbol: r.str('tradingsymbol'),
  amc: r.str('amc'),
  name: r.str('name'),
  purchase_allowed: r.bool('purchase_allowed'),
  redemption_allowed: r.bool('redemption_allowed'),
  minimum_purchase_amount: r.num('minimum_purchase_amount'),
  purchase_amount_multiplier: r.num('purchase_amount_multiplier'),
  minimum_additional_purchase_amount: r.num('minimum_additional_purchase_amount'),
  minimum_redemption_quantity: r.num('minimum_redemption_quantity'),
  redemption_quantity_multiplier: r.num('redemption_quantity_multiplier'),
  dividend_type: r.str('dividend_type'),
  scheme_type: r.str('scheme_type'),
  plan: r.str('plan'),
  settlement_type: r.str('settlement_type'),
  last_price: r.num('last_price'),
  last_price_date: r.isoDate('last_price_date'),
});
