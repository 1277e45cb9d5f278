import type { Connect } from 'kiteconnect';
import { KiteDataError } from './kite-errors.js';
import type { GttParams, MarginOrderParams } from './kite-portfolio.types.js';

/** Shapes kiteconnect's calls take and the minimal checks of what they answer (ids, objects, lists). */

export const asMarginOrders = (orders: MarginOrderParams[]) =>
  orders.map((o) => ({ ...o })) as unknown as Parameters<Connect['orderMargins']>[0];

export const asGttParams = (params: GttParams) =>
  ({ ...params, orders: params.orders.map((o) => ({ ...o })) }) as unknown as Parameters<Connect['placeGTT']>[0];

export const asObject = (value: unknown): Record<string, unknown> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new KiteDataError('Kite answered with something other than an object', { errorType: 'DataException' });
  }
  return value as Record<string, unknown>;
};

export const asList = (value: unknown): Record<string, unknown>[] => {
  if (!Array.isArray(value)) {
    throw new KiteDataError('Kite answered with something other than a list', { errorType: 'DataException' });
  }
  return value.map(asObject);
};

export const idOf = (result: unknown, field: string): string => {
  const id = asObject(result)[field];
  if ((typeof id !== 'string' && typeof id !== 'number') || id === '') {
    throw new KiteDataError(`Kite's answer carried no ${field}`, { errorType: 'DataException' });
  }
  return String(id);
};

export const triggerIdOf = (result: unknown): number => {
  const id = Number(idOf(result, 'trigger_id'));
  if (!Number.isSafeInteger(id)) {
    throw new KiteDataError("Kite's trigger_id is not an integer", { errorType: 'DataException' });
  }
  return id;
};
