import type { OrderUpdateSink, SimInstrument } from '../contracts/simulator.contracts.js';
import { MS_PER_SECOND, formatIstDateTime, istDayNumber, istTimeOnDay } from '../../common/time/ist.js';
import { CLOSE_MINUTE } from '../../common/time/market-calendar.js';
import type { SimClock } from '../clock/sim-clock.js';
import type { MarketModel } from '../market/market-model.js';
import { KiteError, inputError } from '../rest/http-kit.js';
import type { SimUser } from '../session/session-store.js';
import { validateModify, validatePlace, type PlaceRequest } from './order-validation.js';
import { ORDER_STATUS, TERMINAL_STATUSES, type KiteOrder, type KiteTrade, type OrderStatus } from './order-types.js';
import type { HoldingsBook } from './holdings.js';
import { PositionBook, type Conversion, type PositionTotal } from './positions.js';
import { computeMargins, requiredMargin } from './margins.js';
import { executable, type Execution } from './matching.js';
import { newOrder, postback } from './order-factory.js';

export interface OrderOptions {
  /** Kite answers 400 "Markets are closed" to regular orders outside the session. */
  enforceMarketHours: boolean;
  maxModifications: number;
  openingBalance: number;
  /** Orders kept per user; the oldest finished ones are forgotten beyond this. */
  maxOrdersPerUser: number;
  /** Fill only what the book's 5 levels offer within the limit (else the whole quantity at the touch). */
  partialFills: boolean;
}

export const DEFAULT_ORDER_OPTIONS: OrderOptions = {
  enforceMarketHours: true,
  maxModifications: 25,
  openingBalance: 10_000_000,
  maxOrdersPerUser: 20_000,
  partialFills: false,
};

const MARKETS_CLOSED = 'Markets are closed right now. Use GTT for placing long standing orders instead.';
const EXCHANGE_ORDER_ID_BASE = 1_100_000_000_000_000n;
const TRADE_ID_BASE = 10_000_000;
const POSTBACK_UPDATE = 'UPDATE';
const END_OF_DAY_MESSAGE = 'Order cancelled by the exchange at the end of the trading day.';
const PRICE_DECIMALS = 100;
const round2 = (x: number): number => Math.round(x * PRICE_DECIMALS) / PRICE_DECIMALS;

interface OrderRecord {
  user: SimUser;
  order: KiteOrder;
  history: KiteOrder[];
  modifications: number;
  trades: KiteTrade[];
  instrument: SimInstrument;
  /** 15:30 IST of the placement day: DAY orders still working then are cancelled. */
  closesAtMs: number;
  /** Simulated second of the last partial fill: the book's liquidity there is used up. */
  partialFillSecond: number;
}

interface UserBook {
  orders: Map<string, OrderRecord>;
  trades: KiteTrade[];
  positions: PositionBook;
}

export interface OrderBookDeps {
  market: MarketModel;
  clock: SimClock;
  options: OrderOptions;
  /** Where status changes go (the ticker's order-update frames); may be attached after construction. */
  sink?: OrderUpdateSink;
  /** Demat holdings: delivery sells beyond them are rejected. */
  holdings?: HoldingsBook;
}

/** Orders, trades and positions per user, filled against the market model. */
export class OrderBook {
  private readonly users = new Map<string, UserBook>();
  private readonly working = new Set<OrderRecord>();
  private sequence = 0n;
  private tradeSequence = 0;
  sink: OrderUpdateSink | undefined;

  constructor(private readonly deps: OrderBookDeps) {
    this.sink = deps.sink;
  }

  /** Live options (the control API changes them at run time). */
  get options(): OrderOptions {
    return this.deps.options;
  }

  get workingCount(): number {
    return this.working.size;
  }

  place(user: SimUser, variety: string, params: URLSearchParams, rejectMessage?: string): KiteOrder {
    const request = validatePlace(variety, params, this.deps.market);
    const now = this.deps.clock.now();
    if (this.deps.options.enforceMarketHours && this.deps.clock.phase() !== 'open') {
      throw inputError(MARKETS_CLOSED);
    }
    const record = this.create(user, variety, request, now);
    this.transition(record, ORDER_STATUS.received, now);
    this.transition(record, ORDER_STATUS.validationPending, now);
    const rejection = rejectMessage ?? this.holdingShortfall(user, request) ?? this.marginShortfall(user, request, now);
    if (rejection !== undefined) {
      this.finish(record, ORDER_STATUS.rejected, now, rejection);
      return record.order;
    }
    this.transition(record, ORDER_STATUS.openPending, now);
    record.order.exchange_order_id = String(EXCHANGE_ORDER_ID_BASE + this.sequence);
    record.order.exchange_timestamp = formatIstDateTime(now);
    const isStop = request.orderType === 'SL' || request.orderType === 'SL-M';
    this.transition(record, isStop ? ORDER_STATUS.triggerPending : ORDER_STATUS.open, now);
    this.working.add(record);
    this.match(record, now);
    if (request.validity === 'IOC' && !TERMINAL_STATUSES.has(record.order.status)) {
      this.finish(record, ORDER_STATUS.cancelled, now, null);
    }
    return record.order;
  }

  modify(user: SimUser, variety: string, orderId: string, params: URLSearchParams): KiteOrder {
    const record = this.find(user, orderId);
    if (record.order.variety !== variety) {
      throw inputError('Invalid `variety`.');
    }
    if (TERMINAL_STATUSES.has(record.order.status)) {
      throw inputError(`Order cannot be modified as it is ${record.order.status.toLowerCase()}.`);
    }
    if (record.modifications >= this.deps.options.maxModifications) {
      throw inputError('Maximum allowed order modifications exceeded.');
    }
    const changes = validateModify(record.order, record.instrument, params);
    const now = this.deps.clock.now();
    const wasTriggerPending = record.order.status === ORDER_STATUS.triggerPending;
    record.modifications += 1;
    this.transition(record, ORDER_STATUS.modifyValidationPending, now);
    this.transition(record, ORDER_STATUS.modifyPending, now);
    Object.assign(record.order, changes, { modified: true });
    record.order.pending_quantity = record.order.quantity - record.order.filled_quantity;
    this.transition(record, ORDER_STATUS.modified, now);
    const isStop = record.order.order_type === 'SL' || record.order.order_type === 'SL-M';
    this.transition(record, isStop && wasTriggerPending ? ORDER_STATUS.triggerPending : ORDER_STATUS.open, now);
    this.match(record, now);
    return record.order;
  }

  cancel(user: SimUser, variety: string, orderId: string): KiteOrder {
    const record = this.find(user, orderId);
    if (record.order.variety !== variety) {
      throw inputError('Invalid `variety`.');
    }
    if (TERMINAL_STATUSES.has(record.order.status)) {
      throw inputError(`Order cannot be cancelled as it is ${record.order.status.toLowerCase()}.`);
    }
    const now = this.deps.clock.now();
    this.transition(record, ORDER_STATUS.cancelPending, now);
    this.finish(record, ORDER_STATUS.cancelled, now, null);
    return record.order;
  }

  orders(userId: string): KiteOrder[] {
    return [...(this.users.get(userId)?.orders.values() ?? [])].map((r) => r.order);
  }

  history(user: SimUser, orderId: string): KiteOrder[] {
    return this.find(user, orderId).history;
  }

  orderTrades(user: SimUser, orderId: string): KiteTrade[] {
    return this.find(user, orderId).trades;
  }

  trades(userId: string): KiteTrade[] {
    return this.users.get(userId)?.trades ?? [];
  }

  positions(userId: string): { net: unknown[]; day: unknown[] } {
    const book = this.users.get(userId);
    if (!book) {
      return { net: [], day: [] };
    }
    const now = this.deps.clock.now();
    return book.positions.snapshot(
      (token) => this.deps.market.tick(token, now)?.lastPrice ?? 0,
      (token) => this.deps.market.tick(token, now)?.close ?? 0,
    );
  }

  /** Net quantity and cash flow of each day position (margins, holdings). */
  positionTotals(userId: string): PositionTotal[] {
    return this.users.get(userId)?.positions.totals() ?? [];
  }

  /** `PUT /portfolio/positions`: moves an open day position to another product. */
  convertPosition(user: SimUser, conversion: Conversion): void {
    this.bookFor(user.userId).positions.convert(conversion);
  }

  margins(userId: string): Record<string, unknown> {
    const book = this.users.get(userId);
    const now = this.deps.clock.now();
    return computeMargins(this.deps.options.openingBalance, book?.positions.totals() ?? [], this.deps.market, now);
  }

  /** Re-checks every working order against the market at the clock's current time. */
  process(): void {
    if (this.working.size === 0) {
      return;
    }
    const now = this.deps.clock.now();
    for (const record of [...this.working]) {
      if (this.deps.options.enforceMarketHours && now >= record.closesAtMs && record.order.validity === 'DAY') {
        this.finish(record, ORDER_STATUS.cancelled, now, END_OF_DAY_MESSAGE);
        continue;
      }
      this.match(record, now);
    }
  }

  private match(record: OrderRecord, now: number): void {
    const { order } = record;
    if (TERMINAL_STATUSES.has(order.status)) {
      this.working.delete(record);
      return;
    }
    if (this.deps.options.enforceMarketHours && this.deps.clock.phase() !== 'open') {
      return;
    }
    const state = this.deps.market.tick(order.instrument_token, now);
    if (!state) {
      return;
    }
    const buy = order.transaction_type === 'BUY';
    if (order.status === ORDER_STATUS.triggerPending) {
      const triggered = buy ? state.lastPrice >= order.trigger_price : state.lastPrice <= order.trigger_price;
      if (!triggered) {
        return;
      }
      this.transition(record, ORDER_STATUS.open, now);
    }
    const second = Math.floor(now / MS_PER_SECOND);
    if (record.partialFillSecond === second) {
      return;
    }
    const execution = executable(order, state, this.deps.options.partialFills);
    if (execution) {
      record.partialFillSecond = execution.quantity < order.pending_quantity ? second : Number.NaN;
      this.fill(record, execution, now);
    }
  }

  private fill(record: OrderRecord, { quantity, averagePrice: price }: Execution, now: number): void {
    const { order } = record;
    const stamp = formatIstDateTime(now);
    const trade: KiteTrade = {
      trade_id: String(TRADE_ID_BASE + ++this.tradeSequence),
      order_id: order.order_id,
      exchange: order.exchange,
      tradingsymbol: order.tradingsymbol,
      instrument_token: order.instrument_token,
      product: order.product,
      average_price: price,
      quantity,
      exchange_order_id: order.exchange_order_id ?? '',
      transaction_type: order.transaction_type,
      fill_timestamp: stamp,
      order_timestamp: stamp,
      exchange_timestamp: stamp,
    };
    const book = this.bookFor(record.user.userId);
    record.trades.push(trade);
    if (book.trades.length >= this.deps.options.maxOrdersPerUser) {
      book.trades.shift();
    }
    book.trades.push(trade);
    book.positions.applyTrade(trade);
    const filledBefore = order.filled_quantity;
    order.filled_quantity += quantity;
    order.pending_quantity -= quantity;
    order.average_price = round2((order.average_price * filledBefore + price * quantity) / order.filled_quantity);
    if (order.pending_quantity > 0) {
      // Kite keeps a partly filled order OPEN and announces the fill as an UPDATE postback.
      this.transition(record, ORDER_STATUS.open, now, POSTBACK_UPDATE);
      return;
    }
    this.finish(record, ORDER_STATUS.complete, now, null);
  }

  private finish(record: OrderRecord, status: OrderStatus, now: number, message: string | null): void {
    const { order } = record;
    if (status !== ORDER_STATUS.complete) {
      order.cancelled_quantity = order.pending_quantity;
      order.pending_quantity = 0;
    }
    order.status_message = message;
    order.status_message_raw = message;
    this.working.delete(record);
    this.transition(record, status, now);
  }

  private transition(record: OrderRecord, status: OrderStatus, now: number, postbackStatus?: string): void {
    const { order } = record;
    order.status = status;
    if (order.exchange_order_id !== null) {
      order.exchange_update_timestamp = formatIstDateTime(now);
    }
    record.history.push({ ...order });
    this.sink?.publishOrderUpdate(record.user.userId, postback(record.order, record.user, postbackStatus ?? status));
  }

  /** A delivery sell needs the shares: holdings and today's delivery buys, less sells placed or done. */
  private holdingShortfall(user: SimUser, request: PlaceRequest): string | undefined {
    const { holdings } = this.deps;
    if (!holdings || request.instrument.kind !== 'EQ' || request.transactionType !== 'SELL') {
      return undefined;
    }
    if (request.product !== 'CNC' && request.product !== 'MTF') {
      return undefined;
    }
    const token = request.instrument.instrumentToken;
    const pending = [...this.working]
      .filter((r) => r.user.userId === user.userId && r.order.instrument_token === token)
      .filter((r) => r.order.transaction_type === 'SELL' && r.order.product === request.product)
      .reduce((sum, r) => sum + r.order.pending_quantity, 0);
    const available = holdings.sellable(user.userId, token, this.positionTotals(user.userId)) - pending;
    return request.quantity > available
      ? `Insufficient holdings: ${request.quantity} ${request.instrument.tradingsymbol} to sell, ${Math.max(available, 0)} available.`
      : undefined;
  }

  private marginShortfall(user: SimUser, request: PlaceRequest, now: number): string | undefined {
    const required = requiredMargin(request, this.deps.market, now);
    const available = Number((this.margins(user.userId) as { equity: { net: number } }).equity.net);
    return required > available
      ? `Insufficient funds. Required margin is ${required.toFixed(2)} but available margin is ${available.toFixed(2)}.`
      : undefined;
  }

  private create(user: SimUser, variety: string, request: PlaceRequest, now: number): OrderRecord {
    this.sequence += 1n;
    const order = newOrder(user, variety, request, now, this.sequence);
    const day = this.deps.clock.calendar.onOrBefore(istDayNumber(now));
    const record: OrderRecord = {
      user,
      order,
      history: [],
      modifications: 0,
      trades: [],
      instrument: request.instrument,
      closesAtMs: istTimeOnDay(day, 0, CLOSE_MINUTE),
      partialFillSecond: Number.NaN,
    };
    const book = this.bookFor(user.userId);
    this.evictIfFull(book);
    book.orders.set(order.order_id, record);
    return record;
  }

  private evictIfFull(book: UserBook): void {
    if (book.orders.size < this.deps.options.maxOrdersPerUser) {
      return;
    }
    for (const [id, r] of book.orders) {
      if (TERMINAL_STATUSES.has(r.order.status)) {
        book.orders.delete(id);
        return;
      }
    }
    throw new KiteError(400, 'OrderException', 'Too many open orders.');
  }

  private find(user: SimUser, orderId: string): OrderRecord {
    const record = this.users.get(user.userId)?.orders.get(orderId);
    if (!record) {
      throw inputError("Couldn't find that `order_id`.");
    }
    return record;
  }

  private bookFor(userId: string): UserBook {
    let book = this.users.get(userId);
    if (!book) {
      book = { orders: new Map(), trades: [], positions: new PositionBook() };
      this.users.set(userId, book);
    }
    return book;
  }
}
