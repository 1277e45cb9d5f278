/** Parameters of the portfolio, GTT and mutual fund calls, in Kite's own field names. */

export type KiteTransactionType = 'BUY' | 'SELL';

export interface ConvertPositionParams {
  exchange: string;
  tradingsymbol: string;
  transaction_type: KiteTransactionType;
  position_type: 'day' | 'overnight';
  quantity: number;
  old_product: string;
  new_product: string;
}

export interface MarginOrderParams {
  exchange: string;
  tradingsymbol: string;
  transaction_type: KiteTransactionType;
  variety: string;
  product: string;
  order_type: string;
  quantity: number;
  price: number;
  trigger_price: number;
}

export interface GttOrderParams {
  transaction_type: KiteTransactionType;
  quantity: number;
  product: string;
  order_type: 'LIMIT';
  price: number;
}

export interface GttParams {
  trigger_type: 'single' | 'two-leg';
  exchange: string;
  tradingsymbol: string;
  trigger_values: number[];
  last_price: number;
  orders: GttOrderParams[];
}

export interface MfOrderParams {
  tradingsymbol: string;
  transaction_type: KiteTransactionType;
  amount?: number;
  quantity?: number;
  tag?: string;
}

export interface MfSipParams {
  tradingsymbol: string;
  amount: number;
  instalments: number;
  frequency: 'weekly' | 'monthly' | 'quarterly';
  initial_amount?: number;
  instalment_day?: number;
  tag?: string;
}

export interface MfSipModifyParams {
  amount?: number;
  instalments?: number;
  frequency?: 'weekly' | 'monthly' | 'quarterly';
  instalment_day?: number;
  status?: 'active' | 'paused';
}
