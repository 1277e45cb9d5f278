import { formatIstDateTime, parseIstDateTime } from '../../common/time/ist.js';
import type { SimClock } from '../clock/sim-clock.js';
import type { MarketModel } from '../market/market-model.js';
import type { OrderBook } from '../orders/order-book.js';
import { ORDER_STATUS } from '../orders/order-types.js';
import { KiteError, inputError } from '../rest/http-kit.js';
import type { SimUser } from '../session/session-store.js';
import type { GttOrder, GttStatus, KiteTrigger } from './gtt-types.js';
import { type GttRequest, validateGtt } from './gtt-validation.js';

export interface GttOptions {
  /** Kite allows 250 active GTTs per account. */
  maxActivePerUser: number;
  /** Triggers kept per user (any status); the oldest finished ones are forgotten beyond this. */
  maxPerUser: number;
  /** A trigger closer than this to the last traded price is created disabled (Kite: 0.25%). */
  minTriggerDistance: number;
}

export const DEFAULT_GTT_OPTIONS: GttOptions = { maxActivePerUser: 250, maxPerUser: 2_000, minTriggerDistance: 0.0025 };

const FIRST_TRIGGER_ID = 100_001;
const EQUITY_VALIDITY_DAYS = 365;
const MS_PER_DAY = 86_400_000;
const LIVE: ReadonlySet<GttStatus> = new Set(['active', 'disabled']);

interface TriggerRecord {
  user: SimUser;
  trigger: KiteTrigger;
  expiresAtMs: number;
}

export interface GttBookDeps {
  market: MarketModel;
  clock: SimClock;
  orders: OrderBook;
  options: GttOptions;
}

/**
 * Good-till-triggered orders per user: placed, modified and deleted over REST, evaluated against the
 * model's last price whenever orders are matched; a firing leg places a LIMIT order in the order book.
 */
export class GttBook {
  private readonly users = new Map<string, Map<number, TriggerRecord>>();
  private nextId = FIRST_TRIGGER_ID;

  constructor(private readonly deps: GttBookDeps) {}

  get options(): GttOptions {
    return this.deps.options;
  }

  get activeCount(): number {
    let count = 0;
    for (const book of this.users.values()) {
      for (const r of book.values()) {
        count += r.trigger.status === 'active' ? 1 : 0;
      }
    }
    return count;
  }

  place(user: SimUser, params: URLSearchParams): number {
    const request = validateGtt(params, this.deps.market);
    const book = this.bookFor(user.userId);
    const active = [...book.values()].filter((r) => LIVE.has(r.trigger.status)).length;
    if (active >= this.deps.options.maxActivePerUser) {
      throw inputError(`Maximum of ${this.deps.options.maxActivePerUser} active GTTs reached.`);
    }
    this.evictIfFull(book);
    const now = this.deps.clock.now();
    const id = this.nextId++;
    const expiresAtMs = this.expiryOf(request, now);
    const record: TriggerRecord = {
      user,
      expiresAtMs,
      trigger: {
        id,
        user_id: user.userId,
        parent_trigger: null,
        type: request.type,
        created_at: formatIstDateTime(now),
        updated_at: formatIstDateTime(now),
        expires_at: formatIstDateTime(expiresAtMs),
        status: 'active',
        condition: this.condition(request),
        orders: request.orders,
        meta: {},
      },
    };
    record.trigger.status = this.initialStatus(request, now);
    book.set(id, record);
    return id;
  }

  modify(user: SimUser, id: number, params: URLSearchParams): number {
    const record = this.find(user, id);
    if (!LIVE.has(record.trigger.status)) {
      throw inputError(`Trigger is ${record.trigger.status} and cannot be modified.`);
    }
    const request = validateGtt(params, this.deps.market);
    if (request.instrument.instrumentToken !== record.trigger.condition.instrument_token) {
      throw inputError('The instrument of a GTT cannot be changed.');
    }
    const now = this.deps.clock.now();
    Object.assign(record.trigger, {
      type: request.type,
      condition: this.condition(request),
      orders: request.orders,
      updated_at: formatIstDateTime(now),
      status: this.initialStatus(request, now),
    });
    return id;
  }

  delete(user: SimUser, id: number): number {
    const record = this.find(user, id);
    if (!LIVE.has(record.trigger.status)) {
      throw inputError(`Trigger is ${record.trigger.status} and cannot be deleted.`);
    }
    this.finish(record, 'deleted', this.deps.clock.now());
    return id;
  }

  /** Kite cancels live triggers after corporate actions or a delisting (control API `POST /gtt/cancel`). */
  cancelByExchange(userId: string, id: number): KiteTrigger {
    const record = this.users.get(userId)?.get(id);
    if (!record) {
      throw inputError("Couldn't find that `trigger_id`.");
    }
    if (LIVE.has(record.trigger.status)) {
      this.finish(record, 'cancelled', this.deps.clock.now());
    }
    return record.trigger;
  }

  get(user: SimUser, id: number): KiteTrigger {
    return this.find(user, id).trigger;
  }

  list(userId: string): KiteTrigger[] {
    return [...(this.users.get(userId)?.values() ?? [])].map((r) => r.trigger).reverse();
  }

  /** Expires and fires active triggers against the current last prices (only while the market is open). */
  process(): void {
    const now = this.deps.clock.now();
    const open = this.deps.clock.phase() === 'open';
    for (const book of this.users.values()) {
      for (const record of book.values()) {
        if (record.trigger.status !== 'active' && record.trigger.status !== 'disabled') {
          continue;
        }
        if (now >= record.expiresAtMs) {
          this.finish(record, 'expired', now);
        } else if (open && record.trigger.status === 'active') {
          this.evaluate(record, now);
        }
      }
    }
  }

  private evaluate(record: TriggerRecord, now: number): void {
    const { condition, type } = record.trigger;
    const ltp = this.deps.market.tick(condition.instrument_token, now)?.lastPrice;
    if (ltp === undefined || ltp <= 0) {
      return;
    }
    const [first, second] = condition.trigger_values as [number, number | undefined];
    let leg: number | undefined;
    if (type === 'single') {
      // The side of the last price at placement decides the direction of the trigger.
      const rising = first > condition.last_price;
      leg = (rising && ltp >= first) || (!rising && ltp <= first) ? 0 : undefined;
    } else {
      leg = ltp <= first ? 0 : second !== undefined && ltp >= second ? 1 : undefined;
    }
    if (leg !== undefined) {
      this.fire(record, record.trigger.orders[leg]!, ltp, now);
    }
  }

  private fire(record: TriggerRecord, order: GttOrder, ltp: number, now: number): void {
    const params = new URLSearchParams({
      exchange: order.exchange,
      tradingsymbol: order.tradingsymbol,
      transaction_type: order.transaction_type,
      quantity: String(order.quantity),
      product: order.product,
      order_type: 'LIMIT',
      price: String(order.price),
      validity: 'DAY',
    });
    let outcome: GttOrderResultCore;
    try {
      const placed = this.deps.orders.place(record.user, 'regular', params);
      outcome =
        placed.status === ORDER_STATUS.rejected
          ? { status: 'failed', order_id: placed.order_id, rejection_reason: placed.status_message ?? 'Rejected' }
          : { status: 'success', order_id: placed.order_id, rejection_reason: '' };
    } catch (error) {
      const reason = error instanceof KiteError ? error.message : 'Order placement failed';
      outcome = { status: 'failed', order_id: '', rejection_reason: reason };
    }
    order.result = {
      account_id: record.user.userId,
      exchange: order.exchange,
      tradingsymbol: order.tradingsymbol,
      validity: 'DAY',
      product: order.product,
      order_type: order.order_type,
      transaction_type: order.transaction_type,
      quantity: order.quantity,
      price: order.price,
      meta: JSON.stringify({ gtt: record.trigger.id }),
      timestamp: formatIstDateTime(now),
      triggered_at: ltp,
      order_result: outcome,
    };
    this.finish(record, outcome.status === 'success' ? 'triggered' : 'rejected', now);
  }

  private initialStatus(request: GttRequest, now: number): GttStatus {
    const ltp = this.deps.market.tick(request.instrument.instrumentToken, now)?.lastPrice ?? 0;
    const tooClose = request.triggerValues.some(
      (v) => ltp > 0 && Math.abs(v - ltp) / ltp < this.deps.options.minTriggerDistance,
    );
    return tooClose ? 'disabled' : 'active';
  }

  /** Equity GTTs live a year; derivative GTTs until the contract expires (15:30 IST on expiry day). */
  private expiryOf(request: GttRequest, now: number): number {
    const { expiry } = request.instrument;
    if (expiry === null) {
      return now + EQUITY_VALIDITY_DAYS * MS_PER_DAY;
    }
    return parseIstDateTime(`${expiry} 15:30:00`) ?? now;
  }

  private condition(request: GttRequest) {
    return {
      exchange: request.instrument.exchange,
      tradingsymbol: request.instrument.tradingsymbol,
      trigger_values: request.triggerValues,
      last_price: request.lastPrice,
      instrument_token: request.instrument.instrumentToken,
    };
  }

  private finish(record: TriggerRecord, status: GttStatus, now: number): void {
    record.trigger.status = status;
    record.trigger.updated_at = formatIstDateTime(now);
  }

  private find(user: SimUser, id: number): TriggerRecord {
    const record = this.users.get(user.userId)?.get(id);
    if (!record) {
      throw inputError("Couldn't find that `trigger_id`.");
    }
    return record;
  }

  private evictIfFull(book: Map<number, TriggerRecord>): void {
    if (book.size < this.deps.options.maxPerUser) {
      return;
    }
    for (const [id, r] of book) {
      if (!LIVE.has(r.trigger.status)) {
        book.delete(id);
        return;
      }
    }
  }

  private bookFor(userId: string): Map<number, TriggerRecord> {
    let book = this.users.get(userId);
    if (!book) {
      book = new Map();
      this.users.set(userId, book);
    }
    return book;
  }
}

type GttOrderResultCore = NonNullable<GttOrder['result']>['order_result'];
