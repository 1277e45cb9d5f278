import { type CanActivate, type ExecutionContext, Injectable, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { SCOPES, type Principal } from '../../../src/common/auth/index.js';
import { ControllableClock } from '../../../src/common/time/index.js';
import type { RawEnv } from '../../../src/config/index.js';
import { parseIstDateTime } from '../../../src/common/time/ist.js';
import type { KiteSimulator, KiteSimulatorOptions } from '../../../src/simulator/simulator.js';
import { bootTestApp, type TestApp } from '../../support/test-app.js';
import { accountsEnv, encryptionKey, startSimulator } from '../accounts/support.js';

/** A Tuesday session: 2025-12-02 10:30 IST, frozen on both sides. */
export const SESSION_TIME = '2025-12-02 10:30:00';
export const SESSION_MS = parseIstDateTime(SESSION_TIME)!;

export const RESTRICTED_ACCOUNTS_HEADER = 'x-test-accounts';
export const CREDENTIAL_HEADER = 'x-test-credential';

/**
 * Stands in for the global authentication guard (being built separately): a request carrying
 * `x-test-accounts: a,b` is made by a principal limited to those accounts; `x-test-credential` names the
 * credential (idempotency keys are per credential). Without the headers there is no principal.
 */
@Injectable()
class TestPrincipalGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string>; principal?: Principal }>();
    const accounts = request.headers[RESTRICTED_ACCOUNTS_HEADER];
    const credential = request.headers[CREDENTIAL_HEADER];
    if (accounts !== undefined || credential !== undefined) {
      request.principal = {
        kind: 'api_key',
        id: credential ?? 'test-credential',
        name: 'test',
        scopes: new Set(SCOPES),
        ...(accounts !== undefined ? { accounts: new Set(accounts.split(',').filter(Boolean)) } : {}),
      };
    }
    return true;
  }
}

@Module({ providers: [{ provide: APP_GUARD, useClass: TestPrincipalGuard }] })
export class TestPrincipalModule {}

export const startSessionSimulator = (options: KiteSimulatorOptions = {}): Promise<KiteSimulator> =>
  startSimulator({ clock: { mode: 'fixed', fixedMs: SESSION_MS }, ...options });

/** The service against `sim` (primary and secondary accounts), its clock pinned to the same instant. */
export const bootAgainst = (sim: KiteSimulator, overrides: RawEnv = {}): Promise<TestApp> =>
  bootTestApp({
    env: accountsEnv(sim, encryptionKey(), overrides),
    clock: ControllableClock.fixedAt(SESSION_MS),
    imports: [TestPrincipalModule],
  });

export interface HttpAnswer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** JSON request against the app; `headers` may carry the test principal. */
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
      ...options.headers,
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
