import type { KiteRateWindow } from '../resilience/kite-rate-windows.js';

/**
 * What a call is for. Each account has one circuit breaker per class, so failures of one kind of call
 * (a flood of failing quotes) never refuse another kind (placing or cancelling an order). Cancellation
 * has a class of its own: it is how a desk reduces risk, so failing placements must not refuse it either.
 */
export const KITE_ENDPOINT_CLASSES = ['market_data', 'orders', 'order_cancel', 'portfolio', 'session'] as const;
export type KiteEndpointClass = (typeof KITE_ENDPOINT_CLASSES)[number];

export interface KiteEndpoint {
  /** Metric label and error context: a small fixed set, never user input. */
  readonly name: string;
  readonly endpointClass: KiteEndpointClass;
  /**
   * Kite's rate-limit windows one call counts against (per API key). Every window must have room at
   * the same moment before the call is sent.
   */
  readonly rateWindows: readonly KiteRateWindow[];
  /** Safe to send twice. Only these are ever retried; order placement never is. */
  readonly idempotent: boolean;
}

const OTHER: readonly KiteRateWindow[] = ['other'];
const QUOTE: readonly KiteRateWindow[] = ['quote'];
/** Placement: 10/s, 400/min and the daily cap (invalid and RMS-rejected orders count too). */
const PLACEMENT: readonly KiteRateWindow[] = ['orders_second', 'orders_minute', 'orders_day'];
/**
 * Modify and cancel: Kite's table lists them under "all other endpoints", while the exchange's 10 orders
 * per second counts every order message. Counting them against both is safe under either reading; they
 * never count towards the daily placement cap.
 */
const ORDER_CHANGE: readonly KiteRateWindow[] = ['orders_second', 'orders_minute', 'other'];

const endpoint = (
  name: string,
  endpointClass: KiteEndpointClass,
  rateWindows: readonly KiteRateWindow[],
  idempotent: boolean,
): KiteEndpoint => ({ name, endpointClass, rateWindows, idempotent });

/** Every Kite REST endpoint the service calls, with its breaker class, rate windows and retry safety. */
export const KITE_ENDPOINTS = {
  quote: endpoint('quote', 'market_data', QUOTE, true),
  ltp: endpoint('ltp', 'market_data', QUOTE, true),
  ohlc: endpoint('ohlc', 'market_data', QUOTE, true),
  historical: endpoint('historical', 'market_data', ['historical'], true),
  instruments: endpoint('instruments', 'market_data', OTHER, true),
  // The order book and trades come from the same order system as placements: when it is down, both fail.
  orders: endpoint('orders', 'orders', OTHER, true),
  orderHistory: endpoint('order_history', 'orders', OTHER, true),
  trades: endpoint('trades', 'orders', OTHER, true),
  placeOrder: endpoint('place_order', 'orders', PLACEMENT, false),
  modifyOrder: endpoint('modify_order', 'orders', ORDER_CHANGE, false),
  cancelOrder: endpoint('cancel_order', 'order_cancel', ORDER_CHANGE, false),
  positions: endpoint('positions', 'portfolio', OTHER, true),
  margins: endpoint('margins', 'portfolio', OTHER, true),
  profile: endpoint('profile', 'session', OTHER, true),
  // A request token is single-use: a retried exchange would fail anyway, and could mask the first answer.
  generateSession: endpoint('generate_session', 'session', OTHER, false),
  invalidateSession: endpoint('invalidate_session', 'session', OTHER, false),

  // Portfolio class: holdings, the GTT and MF books, margin calculations (POSTs that change nothing, so
  // retried like reads) and the account's portfolio writes. GTTs and MF run on their own Kite services:
  // keeping them out of the orders class means a failing GTT service never refuses order placement.
  // Kite counts all of them in its "everything else" window.
  holdings: endpoint('holdings', 'portfolio', OTHER, true),
  orderMargins: endpoint('order_margins', 'portfolio', OTHER, true),
  basketMargins: endpoint('basket_margins', 'portfolio', OTHER, true),
  gtts: endpoint('gtts', 'portfolio', OTHER, true),
  gtt: endpoint('gtt', 'portfolio', OTHER, true),
  mfOrders: endpoint('mf_orders', 'portfolio', OTHER, true),
  mfSips: endpoint('mf_sips', 'portfolio', OTHER, true),
  mfHoldings: endpoint('mf_holdings', 'portfolio', OTHER, true),
  // Writes: never retried (a timed-out write may have been applied).
  convertPosition: endpoint('convert_position', 'portfolio', OTHER, false),
  placeGtt: endpoint('place_gtt', 'portfolio', OTHER, false),
  modifyGtt: endpoint('modify_gtt', 'portfolio', OTHER, false),
  deleteGtt: endpoint('delete_gtt', 'portfolio', OTHER, false),
  placeMfOrder: endpoint('place_mf_order', 'portfolio', OTHER, false),
  cancelMfOrder: endpoint('cancel_mf_order', 'portfolio', OTHER, false),
  placeMfSip: endpoint('place_mf_sip', 'portfolio', OTHER, false),
  modifyMfSip: endpoint('modify_mf_sip', 'portfolio', OTHER, false),
  cancelMfSip: endpoint('cancel_mf_sip', 'portfolio', OTHER, false),
  // Market-data class: the daily mutual fund list (CSV), like the instrument dumps.
  mfInstruments: endpoint('mf_instruments', 'market_data', OTHER, true),
} as const satisfies Record<string, KiteEndpoint>;
