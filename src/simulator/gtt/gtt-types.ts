/** Kite GTT statuses (kiteconnect's GTT_STATUS_* constants). */
export const GTT_STATUSES = ['active', 'triggered', 'disabled', 'expired', 'cancelled', 'rejected', 'deleted'] as const;
export type GttStatus = (typeof GTT_STATUSES)[number];
export const GTT_TYPES = ['single', 'two-leg'] as const;
export type GttType = (typeof GTT_TYPES)[number];

export interface GttCondition {
  exchange: string;
  tradingsymbol: string;
  trigger_values: number[];
  last_price: number;
  instrument_token: number;
}

/** What happened when a leg fired: the order placed (or refused). */
export interface GttOrderResult {
  account_id: string;
  exchange: string;
  tradingsymbol: string;
  validity: string;
  product: string;
  order_type: string;
  transaction_type: string;
  quantity: number;
  price: number;
  /** A JSON string, as Kite sends it. */
  meta: string;
  timestamp: string;
  triggered_at: number;
  order_result: { status: 'success' | 'failed'; order_id: string; rejection_reason: string };
}

export interface GttOrder {
  exchange: string;
  tradingsymbol: string;
  product: string;
  order_type: string;
  transaction_type: string;
  quantity: number;
  price: number;
  result: GttOrderResult | null;
}

/** Kite's trigger object (GET /gtt/triggers[/:id]). */
export interface KiteTrigger {
  id: number;
  user_id: string;
  parent_trigger: null;
  type: GttType;
  created_at: string;
  updated_at: string;
  expires_at: string;
  status: GttStatus;
  condition: GttCondition;
  orders: GttOrder[];
  meta: Record<string, unknown> | null;
}
