import type { KiteTrade } from './order-types.js';

interface PositionAccumulator {
  tradingsymbol: string;
  exchange: string;
  instrument_token: number;
  product: string;
  buyQuantity: number;
  buyValue: number;
  sellQuantity: number;
  sellValue: number;
}

const PRICE_DECIMALS = 100;
const round2 = (x: number): number => Math.round(x * PRICE_DECIMALS) / PRICE_DECIMALS;

/** Day positions per (instrument, product), built from fills. Everything is intraday: overnight is zero. */
export class PositionBook {
  private readonly positions = new Map<string, PositionAccumulator>();

  applyTrade(trade: KiteTrade): void {
    const key = `${trade.instrument_token}:${trade.product}`;
    let p = this.positions.get(key);
    if (!p) {
      p = {
        tradingsymbol: trade.tradingsymbol,
        exchange: trade.exchange,
        instrument_token: trade.instrument_token,
        product: trade.product,
        buyQuantity: 0,
        buyValue: 0,
        sellQuantity: 0,
        sellValue: 0,
      };
      this.positions.set(key, p);
    }
    const value = trade.quantity * trade.average_price;
    if (trade.transaction_type === 'BUY') {
      p.buyQuantity += trade.quantity;
      p.buyValue += value;
    } else {
      p.sellQuantity += trade.quantity;
      p.sellValue += value;
    }
  }

  /** Net quantity and cash flow, for margins. */
  totals(): { token: number; quantity: number; value: number }[] {
    return [...this.positions.values()].map((p) => ({
      token: p.instrument_token,
      quantity: p.buyQuantity - p.sellQuantity,
      value: p.sellValue - p.buyValue,
    }));
  }

  /** Kite's `{net, day}` with live P&L from `lastPrice` and `closePrice` lookups. */
  snapshot(
    lastPrice: (token: number) => number,
    closePrice: (token: number) => number,
  ): { net: unknown[]; day: unknown[] } {
    const rows = [...this.positions.values()].map((p) => {
      const quantity = p.buyQuantity - p.sellQuantity;
      const last = lastPrice(p.instrument_token);
      const value = p.sellValue - p.buyValue;
      const pnl = round2(value + quantity * last);
      const buyPrice = p.buyQuantity > 0 ? round2(p.buyValue / p.buyQuantity) : 0;
      const sellPrice = p.sellQuantity > 0 ? round2(p.sellValue / p.sellQuantity) : 0;
      const averagePrice = quantity > 0 ? buyPrice : quantity < 0 ? sellPrice : 0;
      const realised = quantity === 0 ? pnl : 0;
      return {
        tradingsymbol: p.tradingsymbol,
        exchange: p.exchange,
        instrument_token: p.instrument_token,
        product: p.product,
        quantity,
        overnight_quantity: 0,
        multiplier: 1,
        average_price: averagePrice,
        close_price: closePrice(p.instrument_token),
        last_price: last,
        value: round2(value),
        pnl,
        m2m: pnl,
        unrealised: round2(pnl - realised),
        realised,
        buy_quantity: p.buyQuantity,
        buy_price: buyPrice,
        buy_value: round2(p.buyValue),
        buy_m2m: round2(p.buyValue),
        sell_quantity: p.sellQuantity,
        sell_price: sellPrice,
        sell_value: round2(p.sellValue),
        sell_m2m: round2(p.sellValue),
        day_buy_quantity: p.buyQuantity,
        day_buy_price: buyPrice,
        day_buy_value: round2(p.buyValue),
        day_sell_quantity: p.sellQuantity,
        day_sell_price: sellPrice,
        day_sell_value: round2(p.sellValue),
      };
    });
    return { net: rows, day: rows.map((r) => ({ ...r })) };
  }
}
