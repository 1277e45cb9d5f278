import type { InstrumentState } from '../contracts/simulator.contracts.js';
import type { KiteOrder } from './order-types.js';

export interface Execution {
  quantity: number;
  averagePrice: number;
}

const PRICE_DECIMALS = 100;

/**
 * What an open order can execute against the current book. Without partial fills the whole pending
 * quantity trades at the touch; with them it walks the opposite side's 5 levels within its limit.
 */
export const executable = (order: KiteOrder, state: InstrumentState, partialFills: boolean): Execution | undefined => {
  const buy = order.transaction_type === 'BUY';
  const levels = buy ? state.depth.sell : state.depth.buy;
  const limitless = order.order_type === 'MARKET' || order.order_type === 'SL-M';
  const acceptable = (price: number): boolean =>
    price > 0 && (limitless || (buy ? price <= order.price : price >= order.price));
  if (!partialFills) {
    const touch = levels[0]!.price > 0 ? levels[0]!.price : state.lastPrice;
    return acceptable(touch) ? { quantity: order.pending_quantity, averagePrice: touch } : undefined;
  }
  let remaining = order.pending_quantity;
  let quantity = 0;
  let value = 0;
  for (const level of levels) {
    if (remaining <= 0 || !acceptable(level.price)) {
      break;
    }
    const q = Math.min(remaining, level.quantity);
    quantity += q;
    value += q * level.price;
    remaining -= q;
  }
  return quantity > 0
    ? { quantity, averagePrice: Math.round((value / quantity) * PRICE_DECIMALS) / PRICE_DECIMALS }
    : undefined;
};
