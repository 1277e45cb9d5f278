import { SCOPES } from '../../../src/common/auth/index.js';
import { ControllableClock } from '../../../src/common/time/index.js';
import type { RawEnv } from '../../../src/config/index.js';
import { parseIstDateTime } from '../../../src/common/time/ist.js';
import type { KiteSimulator, KiteSimulatorOptions } from '../../../src/simulator/simulator.js';
import { ADMIN_HEADERS, bootTestApp, type TestApp } from '../../support/test-app.js';
import { accountsEnv, encryptionKey, startSimulator } from '../accounts/support.js';

/** A Tuesday session: 2025-12-02 10:30 IST, frozen on both sides. */
export const SESSION_TIME = '2025-12-02 10:30:00';
export const SESSION_MS = parseIstDateTime(SESSION_TIME)!;

export const RESTRICTED_ACCOUNTS_HEADER = 'x-test-accounts';
export const CREDENTIAL_HEADER = 'x-test-credential';

/**
 * Test principals as real API keys: a request carrying `x-test-accounts: a,b` is made with a key restricted
 * to those accounts; `x-test-credential: name` with a key of its own per name (idempotency keys are per
 * credential). Every other request carries the test admin key. Keys are created once per app through the API.
 */
const keysByApp = new WeakMap<TestApp, Map<string, Promise<string>>>();

const keyFor = (app: TestApp, credential: string | undefined, accounts: string | undefined): Promise<string> => {
  const keys = keysByApp.get(app) ?? new Map<string, Promise<string>>();
  keysByApp.set(app, keys);
  const cacheKey = `${credential ?? 'test-credential'}|${accounts ?? '*'}`;
  let key = keys.get(cacheKey);
  if (key === undefined) {
    key = app
      .fetch('/auth/api-keys', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          name: `test ${credential ?? 'credential'}`,
          scopes: SCOPES,
          ...(accounts !== undefined ? { accounts: accounts.split(',').filter(Boolean) } : {}),
        }),
      })
      .then(async (response) => ((await response.json()) as { key: string }).key);
    keys.set(cacheKey, key);
  }
  return key;
};

/** The headers to send: the test-principal headers become a real API key; otherwise the admin key. */
const withCredential = async (app: TestApp, headers: Record<string, string> = {}): Promise<Record<string, string>> => {
  const { [RESTRICTED_ACCOUNTS_HEADER]: accounts, [CREDENTIAL_HEADER]: credential, ...rest } = headers;
  if (accounts === undefined && credential === undefined) {
    return { ...ADMIN_HEADERS, ...rest };
  }
  return { ...rest, 'x-api-key': await keyFor(app, credential, accounts) };
};

export const startSessionSimulator = (options: KiteSimulatorOptions = {}): Promise<KiteSimulator> =>
  startSimulator({ clock: { mode: 'fixed', fixedMs: SESSION_MS }, ...options });

/** The service against `sim` (primary and secondary accounts), its clock pinned to the same instant. */
export const bootAgainst = (sim: KiteSimulator, overrides: RawEnv = {}): Promise<TestApp> =>
  bootTestApp({
    env: accountsEnv(sim, encryptionKey(), overrides),
    clock: ControllableClock.fixedAt(SESSION_MS),
  });

export interface HttpAnswer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** JSON request against the app with a real credential; `headers` may ask for a test principal. */
export const call = async <T = unknown>(
  app: TestApp,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<HttpAnswer<T>> => {
  const response = await fetch(`${app.url}${path}`, {
    method,
    headers: {
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(await withCredential(app, options.headers)),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T, headers: response.headers };
};

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
}
