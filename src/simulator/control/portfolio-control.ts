import type { SeedHolding } from '../orders/holdings.js';
import { type Json, bad, numberField } from './control-parsing.js';
import type { ControlDeps } from './control-api.js';

const userOf = (query: URLSearchParams, body: Json): string => {
  const userId = query.get('user_id') ?? (typeof body.user_id === 'string' ? body.user_id : '');
  if (userId === '') {
    throw bad('user_id is required');
  }
  return userId;
};

const seedHoldings = (value: unknown): SeedHolding[] => {
  if (!Array.isArray(value)) {
    throw bad('holdings must be an array of {tradingsymbol, quantity, averagePrice, t1Quantity?}');
  }
  return value.map((raw: unknown) => {
    const h = (raw ?? {}) as Json;
    return {
      tradingsymbol: typeof h.tradingsymbol === 'string' ? h.tradingsymbol : '',
      quantity: Number(h.quantity),
      averagePrice: Number(h.averagePrice),
      ...(h.t1Quantity !== undefined ? { t1Quantity: Number(h.t1Quantity) } : {}),
    };
  });
};

/** Control routes for holdings, GTTs and mutual funds (`/__sim/holdings`, `/__sim/gtt…`, `/__sim/mf…`). */
export const portfolioControl = (d: ControlDeps, key: string, query: URLSearchParams, body: Json): unknown => {
  switch (key) {
    case 'GET /holdings':
      return d.holdings.seedFor(userOf(query, body));
    case 'POST /holdings': {
      const userId = userOf(query, body);
      d.holdings.set(userId, seedHoldings(body.holdings));
      return d.holdings.seedFor(userId);
    }
    case 'GET /gtt':
      return d.gtts.list(userOf(query, body));
    case 'POST /gtt/cancel': {
      const id = numberField(body, 'trigger_id');
      if (id === undefined || !Number.isInteger(id)) {
        throw bad('trigger_id is required');
      }
      return d.gtts.cancelByExchange(userOf(query, body), id);
    }
    case 'GET /gtt-options':
      return d.gtts.options;
    case 'POST /gtt-options': {
      const o = d.gtts.options;
      const maxActive = numberField(body, 'maxActivePerUser');
      const distance = numberField(body, 'minTriggerDistance');
      if (maxActive !== undefined) {
        o.maxActivePerUser = maxActive;
      }
      if (distance !== undefined) {
        o.minTriggerDistance = distance;
      }
      return o;
    }
    case 'GET /mf/orders':
      return d.mf.orders(userOf(query, body));
    default:
      return undefined;
  }
};
