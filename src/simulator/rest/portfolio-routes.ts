import { basketMargins, orderMargin, parseMarginOrders } from '../orders/margin-calculator.js';
import { checkProduct } from '../orders/order-validation.js';
import { inputError } from './http-kit.js';
import type { KiteRequest, RestContext } from './rest-context.js';

const POSITION_TYPES = ['day', 'overnight'];

export const holdings = (ctx: RestContext, req: KiteRequest): unknown => {
  const userId = req.user!.userId;
  return ctx.holdings.holdings(userId, ctx.orders.positionTotals(userId), ctx.clock.now());
};

/** `PUT /portfolio/positions` (kiteconnect's convertPosition): form parameters, answers `true`. */
export const convertPosition = (ctx: RestContext, req: KiteRequest): unknown => {
  const p = req.body;
  const exchange = p.get('exchange') ?? '';
  const tradingsymbol = p.get('tradingsymbol') ?? '';
  const instrument = ctx.market.findBySymbol(`${exchange}:${tradingsymbol}`);
  if (!instrument || instrument.kind === 'INDEX') {
    throw inputError('Invalid `tradingsymbol`.');
  }
  const transactionType = p.get('transaction_type');
  if (transactionType !== 'BUY' && transactionType !== 'SELL') {
    throw inputError('Invalid `transaction_type`.');
  }
  const positionType = p.get('position_type') ?? '';
  if (!POSITION_TYPES.includes(positionType)) {
    throw inputError('Invalid `position_type`.');
  }
  if (positionType === 'overnight') {
    // The simulator starts every day flat: there is no overnight position to convert.
    throw inputError('No overnight position found to convert.');
  }
  const quantity = Number(p.get('quantity'));
  if (!Number.isInteger(quantity) || quantity <= 0 || quantity % Math.max(instrument.lotSize, 1) !== 0) {
    throw inputError('Invalid `quantity`.');
  }
  const oldProduct = p.get('old_product') ?? '';
  const newProduct = p.get('new_product') ?? '';
  if (!oldProduct || !newProduct || oldProduct === newProduct) {
    throw inputError('Invalid `old_product` or `new_product`.');
  }
  checkProduct(oldProduct, instrument);
  checkProduct(newProduct, instrument);
  ctx.orders.convertPosition(req.user!, {
    token: instrument.instrumentToken,
    tradingsymbol,
    exchange,
    transactionType,
    quantity,
    oldProduct,
    newProduct,
  });
  return true;
};

const jsonBody = (req: KiteRequest): unknown => {
  try {
    return JSON.parse(req.text) as unknown;
  } catch {
    throw inputError('Margin requests take a JSON array of orders.');
  }
};

/** `POST /margins/orders`: each order's margin on its own. */
export const orderMargins = (ctx: RestContext, req: KiteRequest): unknown => {
  const now = ctx.clock.now();
  return parseMarginOrders(jsonBody(req), ctx.market).map((order) => orderMargin(order, ctx.market, now));
};

/** `POST /margins/basket?consider_positions=true|false`: initial, final (hedged) and per-order margins. */
export const basket = (ctx: RestContext, req: KiteRequest): unknown => {
  const consider = req.query.get('consider_positions');
  if (consider !== null && consider !== 'true' && consider !== 'false') {
    throw inputError('Invalid `consider_positions`.');
  }
  const orders = parseMarginOrders(jsonBody(req), ctx.market);
  const userId = req.user!.userId;
  return basketMargins(orders, ctx.orders.positionTotals(userId), consider !== 'false', ctx.market, ctx.clock.now());
};
