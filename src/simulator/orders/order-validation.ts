import type { SimInstrument } from '../contracts/simulator.contracts.js';
import type { MarketModel } from '../market/market-model.js';
import { inputError } from '../rest/http-kit.js';
import {
  DERIVATIVE_PRODUCTS,
  EQUITY_PRODUCTS,
  MAX_TAG_LENGTH,
  ORDER_TYPES,
  SUPPORTED_VARIETIES,
  TRANSACTION_TYPES,
  VALIDITIES,
  VARIETIES,
  type KiteOrder,
  type OrderType,
  type TransactionType,
} from './order-types.js';

export interface PlaceRequest {
  instrument: SimInstrument;
  transactionType: TransactionType;
  orderType: OrderType;
  quantity: number;
  product: string;
  validity: string;
  validityTtl: number;
  price: number;
  triggerPrice: number;
  disclosedQuantity: number;
  marketProtection: number;
  tag: string | null;
}

const TAG_RE = /^[A-Za-z0-9]*$/;

const oneOf = <T extends string>(values: readonly T[], value: string | null, field: string): T => {
  if (value === null || value === '') {
    throw inputError(`Missing \`${field}\`.`);
  }
  if (!(values as readonly string[]).includes(value)) {
    throw inputError(`Invalid \`${field}\`.`);
  }
  return value as T;
};

const numberParam = (params: URLSearchParams, field: string, fallback: number): number => {
  const raw = params.get(field);
  if (raw === null || raw === '') {
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    throw inputError(`Invalid \`${field}\`.`);
  }
  return value;
};

export const onTick = (price: number, tick: number): boolean =>
  Math.abs(price / tick - Math.round(price / tick)) < 1e-6;

const checkPrices = (orderType: OrderType, price: number, trigger: number, tick: number): void => {
  if ((orderType === 'LIMIT' || orderType === 'SL') && price <= 0) {
    throw inputError('Invalid `price`.');
  }
  if ((orderType === 'SL' || orderType === 'SL-M') && trigger <= 0) {
    throw inputError('Trigger price is required for stoploss orders.');
  }
  if (!onTick(price, tick) || !onTick(trigger, tick)) {
    throw inputError(
      `Tick size for this script is ${tick.toFixed(2)}. Kindly enter price in the multiple of tick size for this script`,
    );
  }
};

/** Derivatives trade NRML/MIS; cash equities CNC/MIS/MTF (NRML is a derivatives product). */
export const checkProduct = (product: string, instrument: SimInstrument): void => {
  const allowed = instrument.kind === 'EQ' ? EQUITY_PRODUCTS : DERIVATIVE_PRODUCTS;
  if (!allowed.has(product)) {
    throw inputError(`Product ${product} is not allowed for ${instrument.exchange}.`);
  }
};

const checkQuantity = (quantity: number, instrument: SimInstrument): void => {
  if (!Number.isInteger(quantity) || quantity <= 0) {
    throw inputError('Invalid `quantity`.');
  }
  if (instrument.lotSize > 0 && quantity % instrument.lotSize !== 0) {
    throw inputError(`Quantity should be a multiple of lot size (${instrument.lotSize}).`);
  }
};

export const validatePlace = (variety: string, params: URLSearchParams, market: MarketModel): PlaceRequest => {
  oneOf(VARIETIES, variety, 'variety');
  if (!SUPPORTED_VARIETIES.has(variety)) {
    throw inputError(`The simulator only supports the regular variety (got ${variety}).`);
  }
  const exchange = params.get('exchange') ?? '';
  const tradingsymbol = params.get('tradingsymbol') ?? '';
  if (!exchange || !tradingsymbol) {
    throw inputError(`Missing \`${exchange ? 'tradingsymbol' : 'exchange'}\`.`);
  }
  const instrument = market.findBySymbol(`${exchange}:${tradingsymbol}`);
  if (!instrument || instrument.kind === 'INDEX') {
    throw inputError('Invalid `tradingsymbol`.');
  }
  const transactionType = oneOf(TRANSACTION_TYPES, params.get('transaction_type'), 'transaction_type');
  const orderType = oneOf(ORDER_TYPES, params.get('order_type'), 'order_type');
  const product = oneOf(['NRML', 'MIS', 'CNC', 'MTF'], params.get('product'), 'product');
  checkProduct(product, instrument);
  const validity = oneOf(VALIDITIES, params.get('validity') ?? 'DAY', 'validity');
  const quantity = numberParam(params, 'quantity', 0);
  checkQuantity(quantity, instrument);
  const price = orderType === 'LIMIT' || orderType === 'SL' ? numberParam(params, 'price', 0) : 0;
  const triggerPrice = orderType === 'SL' || orderType === 'SL-M' ? numberParam(params, 'trigger_price', 0) : 0;
  checkPrices(orderType, price, triggerPrice, instrument.tickSize);
  const tag = params.get('tag');
  if (tag !== null && (tag.length > MAX_TAG_LENGTH || !TAG_RE.test(tag))) {
    throw inputError('Invalid `tag`. Tag should be alphanumeric and up to 20 characters.');
  }
  return {
    instrument,
    transactionType,
    orderType,
    quantity,
    product,
    validity,
    validityTtl: numberParam(params, 'validity_ttl', 0),
    price,
    triggerPrice,
    disclosedQuantity: numberParam(params, 'disclosed_quantity', 0),
    marketProtection: Number(params.get('market_protection') ?? 0) || 0,
    tag: tag === null || tag === '' ? null : tag,
  };
};

/** The fields a modification may change, validated against the instrument. */
export const validateModify = (
  order: KiteOrder,
  instrument: SimInstrument,
  params: URLSearchParams,
): Partial<KiteOrder> => {
  const orderType = params.get('order_type')
    ? oneOf(ORDER_TYPES, params.get('order_type'), 'order_type')
    : order.order_type;
  const quantity = numberParam(params, 'quantity', order.quantity);
  checkQuantity(quantity, instrument);
  const price = orderType === 'LIMIT' || orderType === 'SL' ? numberParam(params, 'price', order.price) : 0;
  const triggerPrice =
    orderType === 'SL' || orderType === 'SL-M' ? numberParam(params, 'trigger_price', order.trigger_price) : 0;
  checkPrices(orderType, price, triggerPrice, instrument.tickSize);
  const validity = params.get('validity') ? oneOf(VALIDITIES, params.get('validity'), 'validity') : order.validity;
  return {
    order_type: orderType,
    quantity,
    price,
    trigger_price: triggerPrice,
    validity,
    disclosed_quantity: numberParam(params, 'disclosed_quantity', order.disclosed_quantity),
  };
};
