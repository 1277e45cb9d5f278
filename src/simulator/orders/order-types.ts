export const ORDER_STATUS = {
  received: 'PUT ORDER REQ RECEIVED',
  validationPending: 'VALIDATION PENDING',
  openPending: 'OPEN PENDING',
  open: 'OPEN',
  triggerPending: 'TRIGGER PENDING',
  complete: 'COMPLETE',
  cancelled: 'CANCELLED',
  rejected: 'REJECTED',
  modifyValidationPending: 'MODIFY VALIDATION PENDING',
  modifyPending: 'MODIFY PENDING',
  modified: 'MODIFIED',
  cancelPending: 'CANCEL PENDING',
} as const;
export type OrderStatus = (typeof ORDER_STATUS)[keyof typeof ORDER_STATUS];

export const TERMINAL_STATUSES: ReadonlySet<string> = new Set([
  ORDER_STATUS.complete,
  ORDER_STATUS.cancelled,
  ORDER_STATUS.rejected,
]);

export const ORDER_TYPES = ['MARKET', 'LIMIT', 'SL', 'SL-M'] as const;
export type OrderType = (typeof ORDER_TYPES)[number];
export const TRANSACTION_TYPES = ['BUY', 'SELL'] as const;
export type TransactionType = (typeof TRANSACTION_TYPES)[number];
export const PRODUCTS = ['NRML', 'MIS', 'CNC', 'MTF'] as const;
export const DERIVATIVE_PRODUCTS: ReadonlySet<string> = new Set(['NRML', 'MIS']);
export const EQUITY_PRODUCTS: ReadonlySet<string> = new Set(['CNC', 'MIS', 'MTF']);
export const VALIDITIES = ['DAY', 'IOC', 'TTL'] as const;
export const VARIETIES = ['regular', 'amo', 'co', 'iceberg', 'auction'] as const;
export const SUPPORTED_VARIETIES: ReadonlySet<string> = new Set(['regular']);
export const MAX_TAG_LENGTH = 20;

/** Kite's order object (orders.json / order_info.json shape). */
export interface KiteOrder {
  placed_by: string;
  order_id: string;
  exchange_order_id: string | null;
  parent_order_id: string | null;
  status: OrderStatus;
  status_message: string | null;
  status_message_raw: string | null;
  order_timestamp: string;
  exchange_update_timestamp: string | null;
  exchange_timestamp: string | null;
  variety: string;
  modified: boolean;
  exchange: string;
  tradingsymbol: string;
  instrument_token: number;
  order_type: OrderType;
  transaction_type: TransactionType;
  validity: string;
  validity_ttl: number;
  product: string;
  quantity: number;
  disclosed_quantity: number;
  price: number;
  trigger_price: number;
  average_price: number;
  filled_quantity: number;
  pending_quantity: number;
  cancelled_quantity: number;
  market_protection: number;
  meta: Record<string, unknown>;
  tag: string | null;
  tags?: string[];
  guid: string;
}

export interface KiteTrade {
  trade_id: string;
  order_id: string;
  exchange: string;
  tradingsymbol: string;
  instrument_token: number;
  product: string;
  average_price: number;
  quantity: number;
  exchange_order_id: string;
  transaction_type: TransactionType;
  fill_timestamp: string;
  order_timestamp: string;
  exchange_timestamp: string;
}
