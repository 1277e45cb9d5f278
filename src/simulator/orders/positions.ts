import { inputError } from '../rest/http-kit.js';
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

/** A position's net quantity and cash flow (sell value − buy value), for margins and holdings. */
export interface PositionTotal {
  token: number;
  tradingsymbol: string;
  exchange: string;
  product: string;
  quantity: number;
  value: number;
  buyQuantity: number;
  buyValue: number;
  sellQuantity: number;
  sellValue: number;
}

/** What `PUT /portfolio/positions` asks for (Kite's convertPosition parameters). */
export interface Conversion {
  token: number;
  tradingsymbol: string;
  exchange: string;
  transactionType: 'BUY' | 'SELL';
  quantity: number;
  oldProduct: string;
  newProduct: string;
}

const PRICE_DECIMALS = 100;
const round2 = (x: number): number => Math.round(x * PRICE_DECIMALS) / PRICE_DECIMALS;

/** Day positions per (instrument, product), built from fills. Everything is intraday: overnight is zero. */
export class PositionBook {
  private readonly positions = new Map<string, PositionAccumulator>();

  applyTrade(trade: KiteTrade): void {
    const p = this.accumulator(trade.instrument_token, trade.product, trade.tradingsymbol, trade.exchange);
    const value = trade.quantity * trade.average_price;
    if (trade.transaction_type === 'BUY') {
      p.buyQuantity += trade.quantity;
      p.buyValue += value;
    } else {
      p.sellQuantity += trade.quantity;
      p.sellValue += value;
    }
  }

  /**
   * Moves `quantity` of an open day position to another product at its average price, as Kite does:
   * a BUY conversion moves long quantity, a SELL conversion short quantity. The trades are unchanged.
   */
  convert(c: Conversion): void {
    const from = this.positions.get(key(c.token, c.oldProduct));
    const net = from ? from.buyQuantity - from.sellQuantity : 0;
    const open = c.transactionType === 'BUY' ? net : -net;
    if (!from || open <= 0) {
      throw inputError(`No open ${c.transactionType === 'BUY' ? 'long' : 'short'} ${c.oldProduct} position found.`);
    }
    if (c.quantity > open) {
      throw inputError(`Quantity to convert exceeds the open position (${open}).`);
    }
    const to = this.accumulator(c.token, c.newProduct, c.tradingsymbol, c.exchange);
    if (c.transactionType === 'BUY') {
      const moved = (from.buyValue / from.buyQuantity) * c.quantity;
      from.buyQuantity -= c.quantity;
      from.buyValue -= moved;
      to.buyQuantity += c.quantity;
      to.buyValue += moved;
    } else {
      const moved = (from.sellValue / from.sellQuantity) * c.quantity;
      from.sellQuantity -= c.quantity;
      from.sellValue -= moved;
      to.sellQuantity += c.quantity;
      to.sellValue += moved;
    }
    if (from.buyQuantity === 0 && from.sellQuantity === 0) {
      this.positions.delete(key(c.token, c.oldProduct));
    }
  }

  /** Net quantity and cash flow per position, for margins and holdings. */
  totals(): PositionTotal[] {
    return [...this.positions.values()].map((p) => ({
      token: p.instrument_token,
      tradingsymbol: p.tradingsymbol,
      exchange: p.exchange,
      product: p.product,
      quantity: p.buyQuantity - p.sellQuantity,
      value: p.sellValue - p.buyValue,
      buyQuantity: p.buyQuantity,
      buyValue: p.buyValue,
      sellQuantity: p.sellQuantity,
      sellValue: p.sellValue,
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

  private accumulator(token: number, product: string, tradingsymbol: string, exchange: string): PositionAccumulator {
    let p = this.positions.get(key(token, product));
    if (!p) {
      p = {
        tradingsymbol,
        exchange,
        instrument_token: token,
        product,
        buyQuantity: 0,
        buyValue: 0,
        sellQuantity: 0,
        sellValue: 0,
      };
      this.positions.set(key(token, product), p);
    }
    return p;
  }
}

const key = (token: number, product: string): string => `${token}:${product}`;
