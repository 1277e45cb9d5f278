import type { SimInstrument } from '../contracts/simulator.contracts.js';
import type { MarketModel } from '../market/market-model.js';
import { onTick } from '../orders/order-validation.js';
import { TRANSACTION_TYPES } from '../orders/order-types.js';
import { inputError } from '../rest/http-kit.js';
import { GTT_TYPES, type GttOrder, type GttType } from './gtt-types.js';

/** A validated placement or modification: type, instrument, condition and the orders to place. */
export interface GttRequest {
  type: GttType;
  instrument: SimInstrument;
  triggerValues: number[];
  lastPrice: number;
  orders: GttOrder[];
}

type Json = Record<string, unknown>;

const parseJson = (text: string | null, field: string): unknown => {
  if (text === null || text.trim() === '') {
    throw inputError(`Missing \`${field}\`.`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw inputError(`Invalid \`${field}\`: not JSON.`);
  }
};

const positive = (value: unknown, field: string): number => {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0) {
    throw inputError(`Invalid \`${field}\`.`);
  }
  return n;
};

/** GTTs exist for delivery equity (CNC) and F&O carried overnight (NRML), as on Kite. */
const productFor = (instrument: SimInstrument): string => (instrument.kind === 'EQ' ? 'CNC' : 'NRML');

const parseOrder = (raw: unknown, instrument: SimInstrument, index: number): GttOrder => {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw inputError(`Invalid \`orders[${index}]\`.`);
  }
  const o = raw as Json;
  if (o.exchange !== instrument.exchange || o.tradingsymbol !== instrument.tradingsymbol) {
    throw inputError(`orders[${index}] must be for the trigger's instrument.`);
  }
  if (!(TRANSACTION_TYPES as readonly unknown[]).includes(o.transaction_type)) {
    throw inputError(`Invalid \`orders[${index}].transaction_type\`.`);
  }
  if (o.order_type !== 'LIMIT') {
    throw inputError('Only LIMIT orders are allowed in a GTT.');
  }
  if (o.product !== productFor(instrument)) {
    throw inputError(`GTT orders on ${instrument.exchange} must use product ${productFor(instrument)}.`);
  }
  const quantity = positive(o.quantity, `orders[${index}].quantity`);
  if (!Number.isInteger(quantity) || quantity % Math.max(instrument.lotSize, 1) !== 0) {
    throw inputError(`Quantity should be a multiple of lot size (${instrument.lotSize}).`);
  }
  const price = positive(o.price, `orders[${index}].price`);
  if (!onTick(price, instrument.tickSize)) {
    throw inputError(
      `Tick size for this script is ${instrument.tickSize.toFixed(2)}. Kindly enter price in the multiple of tick size for this script`,
    );
  }
  return {
    exchange: instrument.exchange,
    tradingsymbol: instrument.tradingsymbol,
    product: o.product,
    order_type: 'LIMIT',
    transaction_type: o.transaction_type as string,
    quantity,
    price,
    result: null,
  };
};

/** Validates Kite's form parameters `type`, `condition` (JSON object) and `orders` (JSON array). */
export const validateGtt = (params: URLSearchParams, market: MarketModel): GttRequest => {
  const type = params.get('type');
  if (!(GTT_TYPES as readonly (string | null)[]).includes(type)) {
    throw inputError('Invalid `type`. Must be single or two-leg.');
  }
  const legs = type === 'single' ? 1 : 2;
  const condition = parseJson(params.get('condition'), 'condition');
  if (typeof condition !== 'object' || condition === null || Array.isArray(condition)) {
    throw inputError('Invalid `condition`.');
  }
  const c = condition as Json;
  const instrument = market.findBySymbol(`${String(c.exchange)}:${String(c.tradingsymbol)}`);
  if (!instrument || instrument.kind === 'INDEX') {
    throw inputError('Invalid `tradingsymbol`.');
  }
  const values = c.trigger_values;
  if (!Array.isArray(values) || values.length !== legs) {
    throw inputError(`A ${String(type)} GTT needs ${legs} trigger value${legs > 1 ? 's' : ''}.`);
  }
  const triggerValues = values.map((v, i) => positive(v, `trigger_values[${i}]`));
  if (triggerValues.some((v) => !onTick(v, instrument.tickSize))) {
    throw inputError(`Trigger values must be multiples of the tick size (${instrument.tickSize.toFixed(2)}).`);
  }
  const lastPrice = positive(c.last_price, 'last_price');
  if (type === 'single' && triggerValues[0] === lastPrice) {
    throw inputError('Trigger value cannot be the same as the last price.');
  }
  if (type === 'two-leg' && !(triggerValues[0]! < lastPrice && lastPrice < triggerValues[1]!)) {
    throw inputError('For a two-leg GTT the lower trigger must be below and the upper trigger above the last price.');
  }
  const orders = parseJson(params.get('orders'), 'orders');
  if (!Array.isArray(orders) || orders.length !== legs) {
    throw inputError(`A ${String(type)} GTT needs ${legs} order${legs > 1 ? 's' : ''}.`);
  }
  return {
    type: type as GttType,
    instrument,
    triggerValues,
    lastPrice,
    orders: orders.map((o, i) => parseOrder(o, instrument, i)),
  };
};
