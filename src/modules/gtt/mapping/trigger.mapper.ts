import { formatIstIso } from '../../../common/time/ist.js';
import { KiteRecord } from '../../accounts/index.js';
import type { TriggerOrder, TriggerOrderResult, TriggerResponse } from '../api/dto/trigger.dto.js';

/** kiteconnect's GTT_STATUS_* values. */
export const GTT_STATUSES = ['active', 'triggered', 'disabled', 'expired', 'cancelled', 'rejected', 'deleted'] as const;

const iso = (r: KiteRecord, field: string): string | null => {
  const instant = r.instant(field);
  return instant ? formatIstIso(instant) : null;
};

const toResult = (r: KiteRecord): TriggerOrderResult => {
  const outcome = r.record('order_result');
  return {
    account_id: r.optStr('account_id') ?? '',
    exchange: r.str('exchange'),
    tradingsymbol: r.str('tradingsymbol'),
    validity: r.optStr('validity') ?? '',
    product: r.str('product'),
    order_type: r.str('order_type'),
    transaction_type: r.str('transaction_type'),
    quantity: r.num('quantity'),
    price: r.num('price'),
    timestamp: iso(r, 'timestamp'),
    triggered_at: r.numOr('triggered_at', 0),
    order_result: {
      status: outcome.str('status'),
      order_id: outcome.optStr('order_id') ?? '',
      rejection_reason: outcome.optStr('rejection_reason') ?? '',
    },
  };
};

const toOrder = (r: KiteRecord): TriggerOrder => {
  const result = r.optRecord('result');
  return {
    exchange: r.str('exchange'),
    tradingsymbol: r.str('tradingsymbol'),
    product: r.str('product'),
    order_type: r.str('order_type'),
    transaction_type: r.str('transaction_type'),
    quantity: r.num('quantity'),
    price: r.num('price'),
    result: result ? toResult(result) : null,
  };
};

const triggerFrom = (accountId: string, r: KiteRecord): TriggerResponse => {
  const condition = r.record('condition');
  return {
    account_id: accountId,
    id: r.num('id'),
    user_id: r.optStr('user_id') ?? '',
    type: r.str('type'),
    status: r.str('status'),
    created_at: iso(r, 'created_at'),
    updated_at: iso(r, 'updated_at'),
    expires_at: iso(r, 'expires_at'),
    condition: {
      exchange: condition.str('exchange'),
      tradingsymbol: condition.str('tradingsymbol'),
      trigger_values: condition.numbers('trigger_values'),
      last_price: condition.num('last_price'),
      instrument_token: condition.numOr('instrument_token', 0),
    },
    orders: r.records('orders').map(toOrder),
  };
};

export const toTrigger = (accountId: string, raw: unknown): TriggerResponse =>
  triggerFrom(accountId, KiteRecord.of(raw, 'gtt'));

export const toTriggers = (accountId: string, raw: unknown): TriggerResponse[] =>
  KiteRecord.list(raw, 'gtts').map((r) => triggerFrom(accountId, r));
