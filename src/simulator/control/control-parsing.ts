import type { FaultScope } from '../contracts/simulator.contracts.js';
import { HTTP_BAD_REQUEST, KiteError } from '../rest/http-kit.js';

export type Json = Record<string, unknown>;

export const DIGITS_RE = /^-?\d+$/;

export const bad = (message: string): KiteError => new KiteError(HTTP_BAD_REQUEST, 'InputException', message);

export const numberField = (body: Json, key: string): number | undefined => {
  const v = body[key];
  return typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : undefined;
};

export const scopeOf = (body: Json): FaultScope => {
  if (typeof body.connectionId === 'string') {
    return { connectionId: body.connectionId };
  }
  if (typeof body.apiKey === 'string') {
    return { apiKey: body.apiKey };
  }
  return { all: true };
};
