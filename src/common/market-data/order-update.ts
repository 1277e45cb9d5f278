/**
 * Kite's order update, as pushed on the ticker WebSocket (`{"type":"order","data":…}`) and POSTed to the
 * postback URL: the same shape (kite-protocol.md §2.5). Known fields are typed; anything else is kept.
 */
export interface KiteOrderUpdate {
  order_id: string;
  status: string;
  tag?: string | null;
  exchange_order_id?: string | null;
  parent_order_id?: string | null;
  status_message?: string | null;
  order_timestamp?: string | null;
  exchange_update_timestamp?: string | null;
  exchange_timestamp?: string | null;
  variety?: string;
  exchange?: string;
  tradingsymbol?: string;
  instrument_token?: number;
  order_type?: string;
  transaction_type?: string;
  validity?: string;
  product?: string;
  quantity?: number;
  price?: number;
  trigger_price?: number;
  average_price?: number;
  filled_quantity?: number;
  pending_quantity?: number;
  cancelled_quantity?: number;
  user_id?: string;
  checksum?: string;
  [field: string]: unknown;
}

export type OrderUpdateSource = 'websocket' | 'postback' | 'reconciliation';

export interface OrderUpdateEnvelope {
  accountId: string;
  source: OrderUpdateSource;
  /** Wall-clock receive time, epoch ms (the injected Clock). */
  receivedAtMs: number;
  /** Pool connection id for websocket updates. */
  connectionId?: string;
  update: KiteOrderUpdate;
}
