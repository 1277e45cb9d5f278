import { createHash } from 'node:crypto';
import { dayParts, formatIstDateTime, istDayNumber } from '../../common/time/ist.js';
import type { SimUser } from '../session/session-store.js';
import type { PlaceRequest } from './order-validation.js';
import { ORDER_STATUS, type KiteOrder } from './order-types.js';

/** Order ids are 19-digit strings: the IST date (YYMMDD) then a 13-digit sequence. */
const ORDER_ID_DATE_FACTOR = 10_000_000_000_000n;
const YEAR_DIGITS = 100;
const MONTH_FACTOR = 100;
const YEAR_FACTOR = 10_000;

export const newOrderId = (now: number, sequence: bigint): string => {
  const { year, month, dayOfMonth } = dayParts(istDayNumber(now));
  const datePrefix = BigInt((year % YEAR_DIGITS) * YEAR_FACTOR + month * MONTH_FACTOR + dayOfMonth);
  return String(datePrefix * ORDER_ID_DATE_FACTOR + sequence);
};

export const newOrder = (
  user: SimUser,
  variety: string,
  request: PlaceRequest,
  now: number,
  sequence: bigint,
): KiteOrder => {
  const orderId = newOrderId(now, sequence);
  return {
    placed_by: user.userId,
    order_id: orderId,
    exchange_order_id: null,
    parent_order_id: null,
    status: ORDER_STATUS.received,
    status_message: null,
    status_message_raw: null,
    order_timestamp: formatIstDateTime(now),
    exchange_update_timestamp: null,
    exchange_timestamp: null,
    variety,
    modified: false,
    exchange: request.instrument.exchange,
    tradingsymbol: request.instrument.tradingsymbol,
    instrument_token: request.instrument.instrumentToken,
    order_type: request.orderType,
    transaction_type: request.transactionType,
    validity: request.validity,
    validity_ttl: request.validityTtl,
    product: request.product,
    quantity: request.quantity,
    disclosed_quantity: request.disclosedQuantity,
    price: request.price,
    trigger_price: request.triggerPrice,
    average_price: 0,
    filled_quantity: 0,
    pending_quantity: request.quantity,
    cancelled_quantity: 0,
    market_protection: request.marketProtection,
    meta: {},
    tag: request.tag,
    ...(request.tag !== null ? { tags: [request.tag] } : {}),
    guid: `${user.userId}-${orderId}`,
  };
};

/** The postback / WebSocket order-update payload (kite-protocol.md §2.5). */
export const postback = (order: KiteOrder, user: SimUser, status: string): Record<string, unknown> => ({
  ...order,
  status,
  user_id: user.userId,
  unfilled_quantity: order.pending_quantity,
  app_id: 1,
  checksum: createHash('sha256')
    .update(order.order_id + order.order_timestamp + user.apiSecret)
    .digest('hex'),
});
