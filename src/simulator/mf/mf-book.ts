import { randomUUID } from 'node:crypto';
import { dayToDateString, formatIstDateTime, istDayNumber, istTimeOnDay } from '../../common/time/ist.js';
import type { SimClock } from '../clock/sim-clock.js';
import { MAX_TAG_LENGTH } from '../orders/order-types.js';
import { inputError } from '../rest/http-kit.js';
import type { SimUser } from '../session/session-store.js';
import type { MfCatalogue, MutualFund } from './mf-catalogue.js';
import type { KiteMfOrder, MfHolding } from './mf-types.js';

/** Orders are allotted at the order day's NAV on the next trading day, at this IST time. */
const ALLOTMENT_MINUTE = 10 * 60;
const UNIT_DECIMALS = 1_000;
const AMOUNT_DECIMALS = 100;
const MAX_ORDERS_PER_USER = 5_000;
const TAG_RE = /^[A-Za-z0-9]*$/;
const EPSILON = 1e-9;
const EXCHANGE_ORDER_ID_BASE = 250_000_000;
const SETTLEMENT_ID_BASE = 2_100_000;
const FOLIO_BASE = 70_000_000_000;
const AVERAGE_DECIMALS = 10_000;

/** Every user starts with these units (seeded demo holdings). */
export const DEFAULT_MF_HOLDINGS: readonly MfHolding[] = [
  { tradingsymbol: 'INFZ01S01AA3', folio: '91080123401', quantity: 812.445, averagePrice: 48.9102 },
  { tradingsymbol: 'INFZ03S01AF8', folio: '31110987655', quantity: 12.375, averagePrice: 2_380.4411 },
];

const roundUnits = (x: number): number => Math.floor(x * UNIT_DECIMALS + EPSILON) / UNIT_DECIMALS;
const isMultiple = (value: number, step: number): boolean =>
  step <= 0 || Math.abs(value / step - Math.round(value / step)) < 1e-6;

interface UserFunds {
  orders: Map<string, { order: KiteMfOrder; day: number }>;
  holdings: Map<string, MfHolding>;
}

/** Mutual fund orders and holdings per user; SIP instalments come in as orders of variety "sip". */
export class MfBook {
  private readonly users = new Map<string, UserFunds>();
  private folioSequence = 0;
  private exchangeSequence = 0;

  constructor(
    private readonly catalogue: MfCatalogue,
    private readonly clock: SimClock,
    private readonly seed: readonly MfHolding[] = DEFAULT_MF_HOLDINGS,
  ) {}

  fundOrThrow(isin: string | null): MutualFund {
    const fund = isin ? this.catalogue.fund(isin) : undefined;
    if (!fund) {
      throw inputError('Invalid `tradingsymbol`.');
    }
    return fund;
  }

  /** `POST /mf/orders` (and SIP instalments). Buys by amount, sells by units. */
  place(user: SimUser, params: URLSearchParams, variety: 'regular' | 'sip' = 'regular'): KiteMfOrder {
    const fund = this.fundOrThrow(params.get('tradingsymbol'));
    const side = params.get('transaction_type');
    if (side !== 'BUY' && side !== 'SELL') {
      throw inputError('Invalid `transaction_type`.');
    }
    const tag = params.get('tag');
    if (tag !== null && (tag.length > MAX_TAG_LENGTH || !TAG_RE.test(tag))) {
      throw inputError('Invalid `tag`. Tag should be alphanumeric and up to 20 characters.');
    }
    const book = this.bookFor(user.userId);
    if (book.orders.size >= MAX_ORDERS_PER_USER) {
      throw inputError('Too many mutual fund orders.');
    }
    const now = this.clock.now();
    const { nav, date } = this.catalogue.latest(fund.tradingsymbol, now);
    const held = book.holdings.get(fund.tradingsymbol);
    let amount = 0;
    let quantity = 0;
    if (side === 'BUY') {
      amount = this.checkedAmount(fund, params.get('amount'), held !== undefined);
    } else {
      quantity = this.checkedUnits(fund, params.get('quantity'), this.sellable(book, fund.tradingsymbol));
    }
    const order: KiteMfOrder = {
      order_id: randomUUID(),
      exchange_order_id: null,
      tradingsymbol: fund.tradingsymbol,
      status: 'OPEN',
      status_message: '',
      folio: held?.folio ?? null,
      fund: fund.name,
      order_timestamp: formatIstDateTime(now),
      exchange_timestamp: null,
      settlement_id: null,
      transaction_type: side,
      variety,
      purchase_type: side === 'BUY' ? (held ? 'ADDITIONAL' : 'FRESH') : null,
      quantity,
      amount,
      last_price: nav,
      average_price: 0,
      placed_by: user.userId,
      last_price_date: date,
      tag: tag === null || tag === '' ? null : tag,
    };
    book.orders.set(order.order_id, { order, day: this.clock.calendar.onOrBefore(istDayNumber(now)) });
    return order;
  }

  cancel(user: SimUser, orderId: string): string {
    const entry = this.bookFor(user.userId).orders.get(orderId);
    if (!entry) {
      throw inputError("Couldn't find that `order_id`.");
    }
    if (entry.order.status !== 'OPEN') {
      throw inputError(`Order cannot be cancelled as it is ${entry.order.status.toLowerCase()}.`);
    }
    entry.order.status = 'CANCELLED';
    entry.order.status_message = 'Cancelled by the user';
    return orderId;
  }

  orders(userId: string): KiteMfOrder[] {
    return [...this.bookFor(userId).orders.values()].map((e) => e.order).reverse();
  }

  order(user: SimUser, orderId: string): KiteMfOrder {
    const entry = this.bookFor(user.userId).orders.get(orderId);
    if (!entry) {
      throw inputError("Couldn't find that `order_id`.");
    }
    return entry.order;
  }

  holdings(userId: string): Record<string, unknown>[] {
    const now = this.clock.now();
    return [...this.bookFor(userId).holdings.values()].map((h) => {
      const { nav, date } = this.catalogue.latest(h.tradingsymbol, now);
      return {
        folio: h.folio,
        fund: this.catalogue.fund(h.tradingsymbol)?.name ?? '',
        tradingsymbol: h.tradingsymbol,
        average_price: h.averagePrice,
        last_price: nav,
        last_price_date: date,
        pnl: Math.round((nav - h.averagePrice) * h.quantity * AMOUNT_DECIMALS) / AMOUNT_DECIMALS,
        quantity: h.quantity,
        pledged_quantity: 0,
      };
    });
  }

  /** Allots open orders whose allotment time (next trading day, 10:00 IST) has passed. */
  process(): void {
    const now = this.clock.now();
    for (const book of this.users.values()) {
      for (const entry of book.orders.values()) {
        if (entry.order.status === 'OPEN' && now >= istTimeOnDay(this.nextTradingDay(entry.day), 0, ALLOTMENT_MINUTE)) {
          this.allot(book, entry);
        }
      }
    }
  }

  private nextTradingDay(day: number): number {
    let next = day + 1;
    while (!this.clock.calendar.isTradingDay(next)) {
      next += 1;
    }
    return next;
  }

  private allot(book: UserFunds, entry: { order: KiteMfOrder; day: number }): void {
    const { order } = entry;
    const nav = this.catalogue.navOn(order.tradingsymbol, entry.day);
    const held = book.holdings.get(order.tradingsymbol);
    if (order.transaction_type === 'BUY') {
      const units = roundUnits(order.amount / nav);
      const folio = held?.folio ?? this.newFolio();
      const total = (held?.quantity ?? 0) + units;
      // Kite averages the allotment NAVs (not the amounts paid, which unit rounding makes differ slightly).
      const cost = (held ? held.quantity * held.averagePrice : 0) + units * nav;
      book.holdings.set(order.tradingsymbol, {
        tradingsymbol: order.tradingsymbol,
        folio,
        quantity: roundUnits(total),
        averagePrice: Math.round((cost / total) * AVERAGE_DECIMALS) / AVERAGE_DECIMALS,
      });
      order.quantity = units;
      order.folio = folio;
    } else {
      if (!held || held.quantity + EPSILON < order.quantity) {
        order.status = 'REJECTED';
        order.status_message = 'Insufficient units.';
        return;
      }
      held.quantity = roundUnits(held.quantity - order.quantity);
      order.amount = Math.round(order.quantity * nav * AMOUNT_DECIMALS) / AMOUNT_DECIMALS;
      if (held.quantity <= 0) {
        book.holdings.delete(order.tradingsymbol);
      }
      order.folio = held.folio;
    }
    order.status = 'COMPLETE';
    order.average_price = nav;
    this.exchangeSequence += 1;
    order.exchange_order_id = String(EXCHANGE_ORDER_ID_BASE + this.exchangeSequence);
    order.exchange_timestamp = dayToDateString(entry.day);
    order.settlement_id = String(SETTLEMENT_ID_BASE + entry.day);
  }

  private checkedAmount(fund: MutualFund, raw: string | null, additional: boolean): number {
    if (!fund.purchase_allowed) {
      throw inputError('Purchase is not allowed for this fund.');
    }
    const amount = Number(raw);
    if (raw === null || raw === '' || !Number.isFinite(amount) || amount <= 0) {
      throw inputError('Invalid `amount`.');
    }
    const minimum = additional ? fund.minimum_additional_purchase_amount : fund.minimum_purchase_amount;
    if (amount < minimum) {
      throw inputError(`Minimum purchase amount is ${minimum}.`);
    }
    if (!isMultiple(amount, fund.purchase_amount_multiplier)) {
      throw inputError(`Amount should be in multiples of ${fund.purchase_amount_multiplier}.`);
    }
    return amount;
  }

  private checkedUnits(fund: MutualFund, raw: string | null, available: number): number {
    if (!fund.redemption_allowed) {
      throw inputError('Redemption is not allowed for this fund.');
    }
    const units = Number(raw);
    if (raw === null || raw === '' || !Number.isFinite(units) || units <= 0) {
      throw inputError('Invalid `quantity`.');
    }
    if (units < fund.minimum_redemption_quantity || !isMultiple(units, fund.redemption_quantity_multiplier)) {
      throw inputError(
        `Quantity should be at least ${fund.minimum_redemption_quantity} in multiples of ${fund.redemption_quantity_multiplier}.`,
      );
    }
    if (units > available + EPSILON) {
      throw inputError(`Insufficient units: ${available} available.`);
    }
    return units;
  }

  /** Units held less the units of open sell orders. */
  private sellable(book: UserFunds, isin: string): number {
    const pending = [...book.orders.values()]
      .filter((e) => e.order.status === 'OPEN' && e.order.transaction_type === 'SELL' && e.order.tradingsymbol === isin)
      .reduce((sum, e) => sum + e.order.quantity, 0);
    return Math.max((book.holdings.get(isin)?.quantity ?? 0) - pending, 0);
  }

  private newFolio(): string {
    this.folioSequence += 1;
    return String(FOLIO_BASE + this.folioSequence);
  }

  private bookFor(userId: string): UserFunds {
    let book = this.users.get(userId);
    if (!book) {
      book = { orders: new Map(), holdings: new Map(this.seed.map((h) => [h.tradingsymbol, { ...h }])) };
      this.users.set(userId, book);
    }
    return book;
  }
}
