import { randomBytes } from 'node:crypto';
import { type KiteSimulator, type KiteSimulatorOptions, startKiteSimulator } from '../../../src/simulator/simulator.js';
import type { RawEnv } from '../../../src/config/index.js';
import { SessionOrchestrator } from '../../../src/modules/accounts/index.js';
import { asAdmin, bootTestApp, testClock, type TestApp } from '../../support/test-app.js';

/** Credentials that must never appear in a response or a log line. */
export const PRIMARY = {
  id: 'primary',
  apiKey: 'simkey',
  apiSecret: 'primary-api-secret-7f3a9c',
  accessToken: 'primaryaccesstoken7f3a9c',
  userId: 'SIM001',
};
export const SECONDARY = {
  id: 'secondary',
  apiKey: 'simkey2',
  apiSecret: 'secondary-api-secret-41be07',
  userId: 'SIM002',
};

export const simUsers = [
  {
    userId: PRIMARY.userId,
    userName: 'Primary Trader',
    email: 'primary@example.com',
    apiKey: PRIMARY.apiKey,
    apiSecret: PRIMARY.apiSecret,
    accessToken: PRIMARY.accessToken,
  },
  {
    userId: SECONDARY.userId,
    userName: 'Secondary Trader',
    email: 'secondary@example.com',
    apiKey: SECONDARY.apiKey,
    apiSecret: SECONDARY.apiSecret,
  },
];

/** The simulator on the test's clock (default: a testClock()); the app booted against it shares that clock. */
export const startSimulator = (options: KiteSimulatorOptions = {}): Promise<KiteSimulator> =>
  startKiteSimulator({ ticker: false, users: simUsers, ...options, clock: options.clock ?? { instance: testClock() } });

export const encryptionKey = (): string => randomBytes(32).toString('base64');

/** Service environment for the two accounts against `sim`; instrument sync is triggered by the tests. */
export const accountsEnv = (sim: KiteSimulator, key: string, overrides: RawEnv = {}): RawEnv => ({
  KITE_ACCOUNTS: JSON.stringify([
    {
      id: PRIMARY.id,
      api_key: PRIMARY.apiKey,
      api_secret: PRIMARY.apiSecret,
      access_token: PRIMARY.accessToken,
      user_id: PRIMARY.userId,
    },
    { id: SECONDARY.id, api_key: SECONDARY.apiKey, api_secret: SECONDARY.apiSecret, user_id: SECONDARY.userId },
  ]),
  KITE_ENCRYPTION_KEY: key,
  KITE_API_ROOT: sim.restUrl,
  KITE_LOGIN_URL: sim.loginUrl,
  INSTRUMENT_SYNC_ON_START: 'false',
  ...overrides,
});

/** Boots the service against `sim`, reading the simulator's clock: both agree on the date. */
export const bootWithSimulator = (sim: KiteSimulator, key: string, overrides: RawEnv = {}): Promise<TestApp> =>
  bootTestApp({ env: accountsEnv(sim, key, overrides), clock: sim.clock.base });

export const orchestratorOf = (app: TestApp): SessionOrchestrator => app.service.app.get(SessionOrchestrator);

/** Calls the simulator's control API and returns its `data`. */
export const control = async (sim: KiteSimulator, method: string, path: string, body?: unknown): Promise<unknown> => {
  const response = await fetch(`${sim.controlUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const payload = (await response.json()) as { status: string; data?: unknown; message?: string };
  if (!response.ok) {
    throw new Error(`control ${method} ${path} failed: ${payload.message}`);
  }
  return payload.data;
};

/**
 * Walks a browser through a login up to the callback: the service's /login (which issues the state), then
 * Kite's (the simulator's) login page, whose redirect is returned, not followed. The simulator must
 * redirect to the service's callback (control POST /rest-options loginRedirectUrl).
 */
export const loginCallbackUrl = async (serviceUrl: string, accountId: string): Promise<URL> => {
  const start = await fetch(`${serviceUrl}/accounts/${accountId}/login`, asAdmin({ redirect: 'manual' }));
  if (start.status !== 302) {
    throw new Error(`GET /accounts/${accountId}/login answered ${start.status}: ${await start.text()}`);
  }
  const kite = await fetch(start.headers.get('location')!, { redirect: 'manual' });
  return new URL(kite.headers.get('location')!);
};

/** Calls the service with the test admin key (callers' headers win). */
export const getJson = async <T = unknown>(
  url: string,
  init?: RequestInit,
): Promise<{ status: number; body: T; text: string }> => {
  const response = await fetch(url, asAdmin(init));
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T, text };
};

export interface AccountDetails {
  status: string;
  reason: string | null;
  lastLoginAt: string | null;
  tokenExpiresAt: string | null;
  breaker: string;
  inFlight: number;
}

/** The body of /health/details as far as the accounts are concerned. */
export interface HealthDetails {
  status: string;
  dependencies: Record<string, { status: string; requiredForReadiness: boolean }>;
  accounts: { configured: number; active: number; accounts: Record<string, AccountDetails> };
  backgroundTasks: Record<
    string,
    { kind: string; state: string; runs: number; lastSuccessAt: string | null; nextRunAt: string | null }
  >;
}

/** /health/ready's body. */
export interface Readiness {
  status: string;
  details: Record<string, { status: string }>;
}

/** Sum of a Prometheus series matching every given label. */
export const metricValue = async (
  app: { url: string },
  name: string,
  labels: Record<string, string> = {},
): Promise<number> => {
  const text = await (await fetch(`${app.url}/metrics`, asAdmin())).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .filter((line) => Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)))
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
};
