import { FAULT_STATUSES, type FaultInjector, type FaultStatus, type RestFaultAction } from './rest-faults.js';
import { bad, numberField, type Json } from './control-parsing.js';

export const faultScope = (body: Json): { apiKey?: string; count?: number; fraction?: number } => {
  const count = numberField(body, 'count');
  const fraction = numberField(body, 'fraction');
  if (fraction !== undefined && !(fraction >= 0 && fraction <= 1)) {
    throw bad('fraction must be within [0, 1]');
  }
  return {
    ...(typeof body.apiKey === 'string' ? { apiKey: body.apiKey } : {}),
    ...(count !== undefined ? { count } : {}),
    ...(fraction !== undefined ? { fraction } : {}),
  };
};

export const restTarget = (body: Json): { pathPrefix?: string; method?: string } => {
  return {
    ...(typeof body.pathPrefix === 'string' ? { pathPrefix: body.pathPrefix } : {}),
    ...(typeof body.method === 'string' ? { method: body.method.toUpperCase() } : {}),
  };
};

export const restAction = (body: Json): RestFaultAction => {
  if (body.hang === true) {
    return { kind: 'hang' };
  }
  const delayMs = numberField(body, 'delayMs');
  if (delayMs !== undefined) {
    return { kind: 'delay', delayMs };
  }
  const status = numberField(body, 'status');
  if (status === undefined || !FAULT_STATUSES.includes(status as FaultStatus)) {
    throw bad(`status must be one of ${FAULT_STATUSES.join(', ')} (or give delayMs or hang:true)`);
  }
  const format = body.body === 'html' || body.body === 'empty' ? body.body : 'json';
  return {
    kind: 'status',
    status: status as FaultStatus,
    body: format,
    ...(typeof body.message === 'string' ? { message: body.message } : {}),
  };
};

export const addOrderFault = (faults: FaultInjector, body: Json): unknown => {
  if (body.action === 'accept-no-answer') {
    return faults.addOrder({ ...faultScope(body), action: { kind: 'accept-no-answer' } });
  }
  if (body.action === 'reject') {
    const message = typeof body.message === 'string' ? { message: body.message } : {};
    return faults.addOrder({ ...faultScope(body), action: { kind: 'reject', ...message } });
  }
  throw bad('action must be reject or accept-no-answer');
};
