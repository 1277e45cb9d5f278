import { uniform } from '../market/prng.js';

export const FAULT_STATUSES = [429, 500, 502, 503, 504] as const;
export type FaultStatus = (typeof FAULT_STATUSES)[number];

/** What an injected REST fault does to a matching request. */
export type RestFaultAction =
  | { kind: 'status'; status: FaultStatus; body?: 'json' | 'html' | 'empty'; message?: string }
  | { kind: 'delay'; delayMs: number }
  /** Never answer: the client sees a timeout. */
  | { kind: 'hang' };

export type OrderFaultAction =
  /** Accept the order, then reject it (RMS-style) with this status message. */
  | { kind: 'reject'; message?: string }
  /** Place the order at the "broker" but never answer the HTTP request. */
  | { kind: 'accept-no-answer' };

interface Scope {
  /** Undefined: every API key. */
  apiKey?: string;
  /** Applies to the next N matching calls; undefined: until cleared. */
  count?: number;
  /** Applies to this fraction of matching calls (deterministic sequence). */
  fraction?: number;
}

export interface RestFaultRule extends Scope {
  id: string;
  /** Only paths starting with this (e.g. "/quote"); undefined: every Kite path. */
  pathPrefix?: string;
  method?: string;
  action: RestFaultAction;
}

export interface OrderFaultRule extends Scope {
  id: string;
  action: OrderFaultAction;
}

/** Fault rules are bounded; adding beyond this drops the oldest. */
const MAX_RULES = 256;
const FRACTION_STREAM = 0x5eed;

/** Per-API-key REST and order fault injection, driven by the control API. */
export class FaultInjector {
  private restRules: RestFaultRule[] = [];
  private orderRules: OrderFaultRule[] = [];
  private nextId = 1;
  private draws = 0;

  constructor(private readonly seed: number) {}

  addRest(rule: Omit<RestFaultRule, 'id'>): RestFaultRule {
    const full = { ...rule, id: `rest-${this.nextId++}` };
    this.restRules = [...this.restRules, full].slice(-MAX_RULES);
    return full;
  }

  addOrder(rule: Omit<OrderFaultRule, 'id'>): OrderFaultRule {
    const full = { ...rule, id: `order-${this.nextId++}` };
    this.orderRules = [...this.orderRules, full].slice(-MAX_RULES);
    return full;
  }

  list(): { rest: RestFaultRule[]; orders: OrderFaultRule[] } {
    return { rest: [...this.restRules], orders: [...this.orderRules] };
  }

  remove(id: string): boolean {
    const before = this.restRules.length + this.orderRules.length;
    this.restRules = this.restRules.filter((r) => r.id !== id);
    this.orderRules = this.orderRules.filter((r) => r.id !== id);
    return this.restRules.length + this.orderRules.length < before;
  }

  clear(apiKey?: string): void {
    const keep = (r: Scope): boolean => apiKey !== undefined && r.apiKey !== apiKey;
    this.restRules = this.restRules.filter(keep);
    this.orderRules = this.orderRules.filter(keep);
  }

  matchRest(apiKey: string | undefined, method: string, path: string): RestFaultAction | undefined {
    const rule = this.take(
      this.restRules,
      (r) =>
        (r.pathPrefix === undefined || path.startsWith(r.pathPrefix)) &&
        (r.method === undefined || r.method.toUpperCase() === method),
      apiKey,
    );
    return rule?.action;
  }

  matchOrder(apiKey: string): OrderFaultAction | undefined {
    return this.take(this.orderRules, () => true, apiKey)?.action;
  }

  private take<R extends Scope & { id: string }>(
    rules: R[],
    applies: (rule: R) => boolean,
    apiKey: string | undefined,
  ): R | undefined {
    for (const rule of rules) {
      if (rule.apiKey !== undefined && rule.apiKey !== apiKey) {
        continue;
      }
      if (!applies(rule)) {
        continue;
      }
      if (rule.fraction !== undefined && uniform(this.seed, FRACTION_STREAM, this.draws++) >= rule.fraction) {
        continue;
      }
      if (rule.count !== undefined) {
        rule.count -= 1;
        if (rule.count <= 0) {
          this.remove(rule.id);
        }
      }
      return rule;
    }
    return undefined;
  }
}
