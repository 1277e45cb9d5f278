import { inputError } from './http-kit.js';
import type { KiteRequest, RestContext } from './rest-context.js';

const DIGITS_RE = /^\d+$/;

const triggerId = (raw: string): number => {
  if (!DIGITS_RE.test(raw)) {
    throw inputError("Couldn't find that `trigger_id`.");
  }
  return Number(raw);
};

/** `/gtt/triggers[/:id]`: form parameters `type`, `condition` and `orders` (JSON strings). */
export const gttRoutes = {
  list: (ctx: RestContext, req: KiteRequest): unknown => ctx.gtts.list(req.user!.userId),
  get: (ctx: RestContext, req: KiteRequest, id: string): unknown => ctx.gtts.get(req.user!, triggerId(id)),
  place: (ctx: RestContext, req: KiteRequest): unknown => ({ trigger_id: ctx.gtts.place(req.user!, req.body) }),
  modify: (ctx: RestContext, req: KiteRequest, id: string): unknown => ({
    trigger_id: ctx.gtts.modify(req.user!, triggerId(id), req.body),
  }),
  delete: (ctx: RestContext, req: KiteRequest, id: string): unknown => ({
    trigger_id: ctx.gtts.delete(req.user!, triggerId(id)),
  }),
};

/** `/mf/orders`, `/mf/sips`, `/mf/holdings` (JSON) and `/mf/instruments` (CSV, built by the router). */
export const mfRoutes = {
  orders: (ctx: RestContext, req: KiteRequest): unknown => ctx.mf.orders(req.user!.userId),
  order: (ctx: RestContext, req: KiteRequest, id: string): unknown => ctx.mf.order(req.user!, id),
  placeOrder: (ctx: RestContext, req: KiteRequest): unknown => ({
    order_id: ctx.mf.place(req.user!, req.body).order_id,
  }),
  cancelOrder: (ctx: RestContext, req: KiteRequest, id: string): unknown => ({
    order_id: ctx.mf.cancel(req.user!, id),
  }),
  sips: (ctx: RestContext, req: KiteRequest): unknown => ctx.sips.list(req.user!.userId),
  sip: (ctx: RestContext, req: KiteRequest, id: string): unknown => ctx.sips.get(req.user!, id),
  placeSip: (ctx: RestContext, req: KiteRequest): unknown => ({ sip_id: ctx.sips.place(req.user!, req.body) }),
  modifySip: (ctx: RestContext, req: KiteRequest, id: string): unknown => ({
    sip_id: ctx.sips.modify(req.user!, id, req.body),
  }),
  cancelSip: (ctx: RestContext, req: KiteRequest, id: string): unknown => ({ sip_id: ctx.sips.cancel(req.user!, id) }),
  holdings: (ctx: RestContext, req: KiteRequest): unknown => ctx.mf.holdings(req.user!.userId),
};
