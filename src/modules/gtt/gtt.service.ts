import { Injectable } from '@nestjs/common';
import { type FieldViolation, RequestValidationError } from '../../common/errors/index.js';
import { AppConfig } from '../../config/index.js';
import { type GttParams, KiteNetworkError, KiteRecord, SessionOrchestrator } from '../accounts/index.js';
import { InstrumentsService, type StoredInstrument } from '../instruments/index.js';
import type { GttBody, TriggerRangeBody, TriggerRangeEntry } from './api/dto/gtt.dto.js';
import type { TriggerResponse } from './api/dto/trigger.dto.js';
import { GttNoLastPriceError, GttOutcomeUnknownError, InvalidIdempotencyKeyError } from './gtt.errors.js';
import { GTT_EXCHANGES, type GttDraft, lastPriceViolations, shapeViolations, triggerRange } from './gtt-rules.js';
import { GttIdempotencyService, type IdempotentResult } from './idempotency/gtt-idempotency.service.js';
import { requestHash } from './idempotency/request-hash.js';
import { toTrigger, toTriggers } from './mapping/trigger.mapper.js';

/** Printable ASCII without spaces, 1–255 characters (the usual Idempotency-Key contract). */
const IDEMPOTENCY_KEY = /^[\x21-\x7E]{1,255}$/;
/** Kite's clock and ours may disagree this much when a GTT's created_at is compared with our attempt. */
const RECONCILE_CLOCK_SKEW_MS = 300_000;
const PERCENT = 100;

export interface Caller {
  /** The credential's id: idempotency keys are scoped to it. */
  credentialId: string;
  idempotencyKey?: string;
}

const dedupe = (violations: FieldViolation[]): FieldViolation[] => [
  ...new Map(violations.map((v) => [`${v.field}|${v.rule}`, v])).values(),
];

/** GTT triggers through the guarded client: validated against the instrument master and the live price. */
@Injectable()
export class GttService {
  private readonly minTriggerDistance: number;
  private readonly maxLastPriceDeviation: number;

  constructor(
    private readonly kite: SessionOrchestrator,
    private readonly instruments: InstrumentsService,
    private readonly idempotency: GttIdempotencyService,
    config: AppConfig,
  ) {
    const gtt = config.get('gtt');
    this.minTriggerDistance = gtt.minTriggerDistance;
    this.maxLastPriceDeviation = gtt.maxLastPriceDeviation;
  }

  list(accountId: string): Promise<TriggerResponse[]> {
    return this.kite.forAccount(accountId, async (client) => toTriggers(accountId, await client.getGtts()));
  }

  get(accountId: string, triggerId: number): Promise<TriggerResponse> {
    return this.kite.forAccount(accountId, async (client) => toTrigger(accountId, await client.getGtt(triggerId)));
  }

  /** Places a GTT; with an Idempotency-Key, the same key and body always answer the same trigger. */
  async create(body: GttBody, caller: Caller): Promise<IdempotentResult> {
    const { idempotencyKey: key } = caller;
    if (key === undefined) {
      return { triggerId: await this.place(body, undefined), replayed: false };
    }
    if (!IDEMPOTENCY_KEY.test(key)) {
      throw new InvalidIdempotencyKeyError();
    }
    return this.idempotency.run(
      {
        credentialId: caller.credentialId,
        key,
        requestHash: requestHash('POST /gtt', body),
        accountId: body.account_id,
      },
      { place: () => this.place(body, key), find: (since) => this.findCreated(body, since) },
    );
  }

  /** Replaces an active trigger's condition and orders (Kite's modify); never retried. */
  async modify(triggerId: number, body: GttBody): Promise<number> {
    const params = await this.validated(body);
    const { triggerId: id } = await this.kite.forAccount(body.account_id, (client) =>
      client.modifyGtt(triggerId, params),
    );
    return id;
  }

  async delete(accountId: string, triggerId: number): Promise<number> {
    const { triggerId: id } = await this.kite.forAccount(accountId, (client) => client.deleteGtt(triggerId));
    return id;
  }

  /**
   * The Python service's trigger range, keyed like Kite's old trigger_range (`EXCHANGE:SYMBOL`): the
   * nearest trigger values Kite accepts on each side of the live last price. The same for BUY and SELL.
   */
  async triggerRange(body: TriggerRangeBody): Promise<Record<string, TriggerRangeEntry>> {
    const instrument = await this.instrument(body.exchange, body.tradingsymbol);
    const lastPrice = await this.livePrice(body.account_id, instrument);
    const { lower, upper } = triggerRange(lastPrice, instrument.tickSize, this.minTriggerDistance);
    return {
      [`${instrument.exchange}:${instrument.tradingsymbol}`]: {
        instrument_token: instrument.instrumentToken,
        transaction_type: body.transaction_type,
        last_price: lastPrice,
        tick_size: instrument.tickSize,
        lower,
        upper,
        min_distance_percent: this.minTriggerDistance * PERCENT,
      },
    };
  }

  private async place(body: GttBody, key: string | undefined): Promise<number> {
    const params = await this.validated(body);
    try {
      const { triggerId } = await this.kite.forAccount(body.account_id, (client) => client.placeGtt(params));
      return triggerId;
    } catch (error) {
      // Without a key nothing reconciles for the caller: say plainly that the GTT may exist.
      if (key === undefined && error instanceof KiteNetworkError) {
        throw new GttOutcomeUnknownError(undefined, error);
      }
      throw error;
    }
  }

  /** The newest trigger matching this request created since the attempt began, if Kite lists one. */
  private async findCreated(body: GttBody, since: Date): Promise<number | undefined> {
    const triggers = await this.list(body.account_id);
    const matches = triggers.filter(
      (t) =>
        t.type === body.trigger_type &&
        t.condition.exchange === body.exchange &&
        t.condition.tradingsymbol === body.tradingsymbol &&
        sameNumbers(t.condition.trigger_values, body.trigger_values) &&
        t.orders.length === body.orders.length &&
        t.orders.every((o, i) => {
          const wanted = body.orders[i]!;
          return (
            o.transaction_type === wanted.transaction_type &&
            o.quantity === wanted.quantity &&
            o.product === wanted.product &&
            o.price === wanted.price
          );
        }) &&
        t.created_at !== null &&
        Date.parse(t.created_at) >= since.getTime() - RECONCILE_CLOCK_SKEW_MS,
    );
    return matches.length === 0 ? undefined : Math.max(...matches.map((t) => t.id));
  }

  /** Every rule checked before Kite sees the request; returns what Kite is sent. */
  private async validated(body: GttBody): Promise<GttParams> {
    const instrument = await this.instrument(body.exchange, body.tradingsymbol);
    const draft: GttDraft = body;
    const shape = shapeViolations(draft, instrument);
    if (shape.length > 0) {
      throw new RequestValidationError(shape);
    }
    const live =
      body.last_price === undefined || this.maxLastPriceDeviation > 0
        ? await this.livePrice(body.account_id, instrument)
        : undefined;
    const lastPrice = body.last_price ?? live!;
    const violations = lastPriceViolations(draft, lastPrice, { minTriggerDistance: this.minTriggerDistance });
    if (live !== undefined && live !== lastPrice) {
      // Kite disables a GTT whose trigger is too close to the real last price, whatever was sent.
      violations.push(...lastPriceViolations(draft, live, { minTriggerDistance: this.minTriggerDistance }));
      if (Math.abs(lastPrice - live) / live > this.maxLastPriceDeviation) {
        violations.push({
          field: 'last_price',
          rule: 'nearLivePrice',
          message: `last_price ${lastPrice} is more than ${this.maxLastPriceDeviation * PERCENT}% away from the live last price ${live}`,
        });
      }
    }
    if (violations.length > 0) {
      throw new RequestValidationError(dedupe(violations));
    }
    return {
      trigger_type: body.trigger_type,
      exchange: instrument.exchange,
      tradingsymbol: instrument.tradingsymbol,
      trigger_values: body.trigger_values,
      last_price: lastPrice,
      orders: body.orders.map((o) => ({
        transaction_type: o.transaction_type,
        quantity: o.quantity,
        product: o.product,
        order_type: 'LIMIT',
        price: o.price,
      })),
    };
  }

  private async instrument(exchange: string, tradingsymbol: string): Promise<StoredInstrument> {
    const violations: FieldViolation[] = [];
    if (!GTT_EXCHANGES.has(exchange)) {
      violations.push({ field: 'exchange', rule: 'gttExchange', message: 'GTTs exist on NSE, BSE, NFO and BFO' });
    }
    const instrument =
      violations.length === 0 ? await this.instruments.byTradingsymbol(exchange, tradingsymbol) : undefined;
    if (violations.length === 0 && !instrument) {
      violations.push({
        field: 'tradingsymbol',
        rule: 'knownInstrument',
        message: `${exchange}:${tradingsymbol} is not a live instrument of the instrument master (its segment must be in INSTRUMENT_SEGMENTS)`,
      });
    }
    if (instrument?.segment === 'INDICES') {
      violations.push({ field: 'tradingsymbol', rule: 'tradable', message: 'an index cannot be traded' });
    }
    if (violations.length > 0 || !instrument) {
      throw new RequestValidationError(violations);
    }
    return instrument;
  }

  private livePrice(accountId: string, instrument: StoredInstrument): Promise<number> {
    const key = `${instrument.exchange}:${instrument.tradingsymbol}`;
    return this.kite.forAccount(accountId, async (client) => {
      const quotes = (await client.getLTP([key])) as Record<string, unknown>;
      if (quotes[key] === undefined) {
        throw new GttNoLastPriceError(key);
      }
      const price = KiteRecord.of(quotes[key], `ltp.${key}`).num('last_price');
      if (price <= 0) {
        throw new GttNoLastPriceError(key);
      }
      return price;
    });
  }
}

const sameNumbers = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((v, i) => v === b[i]);
