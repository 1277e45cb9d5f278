import { KiteConnect, type Connect } from 'kiteconnect';
import { parseIstDateTime } from '../../../src/common/time/ist.js';
import { startKiteSimulator, type KiteSimulator, type KiteSimulatorOptions } from '../../../src/simulator/simulator.js';

export const API_KEY = 'simkey';
export const API_SECRET = 'simsecret';
export const ACCESS_TOKEN = 'simtoken';
export const NIFTY = 256265;

export const ist = (text: string): number => parseIstDateTime(text)!;

/** A Tuesday session: 2025-12-02 10:30 IST, frozen. */
export const SESSION_TIME = '2025-12-02 10:30:00';

export const startSim = (options: KiteSimulatorOptions = {}): Promise<KiteSimulator> =>
  startKiteSimulator({
    seed: 7,
    clock: { mode: 'fixed', fixedMs: ist(SESSION_TIME) },
    ticker: false,
    rateLimits: {
      quotePerSecond: 0,
      historicalPerSecond: 0,
      otherPerSecond: 0,
      ordersPerSecond: 0,
      ordersPerMinute: 0,
      ordersPerDay: 0,
    },
    ...options,
  });

export const kiteFor = (sim: KiteSimulator, accessToken: string = ACCESS_TOKEN, apiKey: string = API_KEY): Connect =>
  new KiteConnect({ api_key: apiKey, access_token: accessToken, root: sim.restUrl });

/** JSON call to the control API. */
export const control = async <T = unknown>(
  sim: KiteSimulator,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> => {
  const res = await fetch(`${sim.controlUrl}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const json = (await res.json()) as { status: string; data: T; message?: string };
  if (json.status !== 'success') {
    throw new Error(`control ${method} ${path}: ${res.status} ${json.message ?? ''}`);
  }
  return json.data;
};

/** The rejection value the official client produces (the plain JSON body). */
export const rejectionOf = async (promise: Promise<unknown>): Promise<Record<string, unknown>> => {
  try {
    await promise;
  } catch (error) {
    return error as Record<string, unknown>;
  }
  throw new Error('expected the call to reject');
};

/**
 * Users U001…U0nn (api key `key<n>`, token `token<n>`) so each test can act as a fresh account with its
 * own orders, positions, holdings, GTTs and funds, independent of what other tests did.
 */
export const testUsers = (count: number) =>
  Array.from({ length: count }, (_, i) => {
    const n = String(i + 1).padStart(3, '0');
    return {
      userId: `U${n}`,
      userName: `Test User ${n}`,
      email: `u${n}@example.com`,
      apiKey: `key${n}`,
      apiSecret: `secret${n}`,
      accessToken: `token${n}`,
    };
  });

/** The official client for test user `n` (1-based) of `testUsers`. */
export const kiteForUser = (sim: KiteSimulator, n: number): Connect => {
  const id = String(n).padStart(3, '0');
  return kiteFor(sim, `token${id}`, `key${id}`);
};
