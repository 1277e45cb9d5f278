/** Kite's MF order object (mf_orders.json). */
export interface KiteMfOrder {
  order_id: string;
  exchange_order_id: string | null;
  tradingsymbol: string;
  status: 'OPEN' | 'COMPLETE' | 'CANCELLED' | 'REJECTED';
  status_message: string;
  folio: string | null;
  fund: string;
  order_timestamp: string;
  exchange_timestamp: string | null;
  settlement_id: string | null;
  transaction_type: 'BUY' | 'SELL';
  variety: 'regular' | 'sip';
  purchase_type: 'FRESH' | 'ADDITIONAL' | null;
  quantity: number;
  amount: number;
  last_price: number;
  average_price: number;
  placed_by: string;
  last_price_date: string;
  tag: string | null;
}

export const SIP_FREQUENCIES = ['weekly', 'monthly', 'quarterly'] as const;
export type SipFrequency = (typeof SIP_FREQUENCIES)[number];

/** Kite's SIP object (mf_sip_info.json). */
export interface KiteSip {
  sip_id: string;
  tradingsymbol: string;
  fund: string;
  dividend_type: string;
  transaction_type: 'BUY';
  status: 'ACTIVE' | 'PAUSED' | 'CANCELLED' | 'COMPLETED';
  sip_type: 'sip';
  created: string;
  frequency: SipFrequency;
  instalment_amount: number;
  instalments: number;
  last_instalment: string | null;
  pending_instalments: number;
  instalment_day: number;
  completed_instalments: number;
  next_instalment: string;
  trigger_price: number;
  step_up: Record<string, number>;
  tag: string | null;
  sip_reg_num: string | null;
  fund_source: string;
}

/** Units of one scheme held by a user. */
export interface MfHolding {
  tradingsymbol: string;
  folio: string;
  quantity: number;
  averagePrice: number;
}
