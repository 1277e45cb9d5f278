import type { KiteRateCategory } from '../resilience/api-key-rate-limiter.js';

export interface KiteEndpoint {
  /** Metric label and error context: a small fixed set, never user input. */
  readonly name: string;
  readonly category: KiteRateCategory;
  /** Safe to send twice. Only these are ever retried; order placement never is. */
  readonly idempotent: boolean;
}

const read = (name: string, category: KiteRateCategory = 'other'): KiteEndpoint => ({
  name,
  category,
  idempotent: true,
});
const write = (name: string, category: KiteRateCategory = 'other'): KiteEndpoint => ({
  name,
  category,
  idempotent: false,
});

export const KITE_ENDPOINTS = {
  profile: read('profile'),
  margins: read('margins'),
  quote: read('quote', 'quote'),
  ltp: read('ltp', 'quote'),
  ohlc: read('ohlc', 'quote'),
  instruments: read('instruments'),
  historical: read('historical', 'historical'),
  orders: read('orders'),
  orderHistory: read('order_history'),
  trades: read('trades'),
  positions: read('positions'),
  placeOrder: write('place_order', 'orders'),
  modifyOrder: write('modify_order', 'orders'),
  cancelOrder: write('cancel_order', 'orders'),
  // A request token is single-use: a retried exchange would fail anyway, and could mask the first answer.
  generateSession: write('generate_session'),
  invalidateSession: write('invalidate_session'),
} as const satisfies Record<string, KiteEndpoint>;
