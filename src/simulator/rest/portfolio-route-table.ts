import { sendCsv } from './http-kit.js';
import { gttRoutes as gtt, mfRoutes as mf } from './fund-routes.js';
import { basket, convertPosition, holdings, orderMargins } from './portfolio-routes.js';
import { REPLIED, type RestContext } from './rest-context.js';
import { type Route, route } from './route.js';

/**
 * Holdings, position conversion, margin calculation, GTT and mutual funds. Kite counts all of these in
 * its "everything else" bucket (10/s); only regular order placement has its own.
 */
export const portfolioRouteTable = (ctx: RestContext): Route[] => [
  route('GET', '/portfolio/holdings', true, 'other', () => (r) => holdings(ctx, r)),
  route('PUT', '/portfolio/positions', true, 'other', () => (r) => convertPosition(ctx, r)),
  route('POST', '/margins/orders', true, 'other', () => (r) => orderMargins(ctx, r)),
  route('POST', '/margins/basket', true, 'other', () => (r) => basket(ctx, r)),
  route('GET', '/gtt/triggers', true, 'other', () => (r) => gtt.list(ctx, r)),
  route('POST', '/gtt/triggers', true, 'other', () => (r) => gtt.place(ctx, r)),
  route(
    'GET',
    '/gtt/triggers/:id',
    true,
    'other',
    ([id]) =>
      (r) =>
        gtt.get(ctx, r, id!),
  ),
  route(
    'PUT',
    '/gtt/triggers/:id',
    true,
    'other',
    ([id]) =>
      (r) =>
        gtt.modify(ctx, r, id!),
  ),
  route(
    'DELETE',
    '/gtt/triggers/:id',
    true,
    'other',
    ([id]) =>
      (r) =>
        gtt.delete(ctx, r, id!),
  ),
  route('GET', '/mf/orders', true, 'other', () => (r) => mf.orders(ctx, r)),
  route('POST', '/mf/orders', true, 'other', () => (r) => mf.placeOrder(ctx, r)),
  route(
    'GET',
    '/mf/orders/:id',
    true,
    'other',
    ([id]) =>
      (r) =>
        mf.order(ctx, r, id!),
  ),
  route(
    'DELETE',
    '/mf/orders/:id',
    true,
    'other',
    ([id]) =>
      (r) =>
        mf.cancelOrder(ctx, r, id!),
  ),
  route('GET', '/mf/sips', true, 'other', () => (r) => mf.sips(ctx, r)),
  route('POST', '/mf/sips', true, 'other', () => (r) => mf.placeSip(ctx, r)),
  route(
    'GET',
    '/mf/sips/:id',
    true,
    'other',
    ([id]) =>
      (r) =>
        mf.sip(ctx, r, id!),
  ),
  route(
    'PUT',
    '/mf/sips/:id',
    true,
    'other',
    ([id]) =>
      (r) =>
        mf.modifySip(ctx, r, id!),
  ),
  route(
    'DELETE',
    '/mf/sips/:id',
    true,
    'other',
    ([id]) =>
      (r) =>
        mf.cancelSip(ctx, r, id!),
  ),
  route('GET', '/mf/holdings', true, 'other', () => (r) => mf.holdings(ctx, r)),
  route('GET', '/mf/instruments', true, 'other', () => (_r, res) => {
    sendCsv(res, ctx.funds.csv(ctx.clock.now(), ctx.options.csvTrailingNewline));
    return REPLIED;
  }),
];
