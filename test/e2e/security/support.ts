import type { Scope } from '../../../src/common/auth/index.js';
import { asAdmin, type TestApp } from '../../support/test-app.js';

export interface CreatedKey {
  id: string;
  key: string;
  scopes: Scope[];
  accounts: string[] | null;
  expiresAt: string | null;
}

/** Creates an API key through the REST API with the test admin key. */
export const createKey = async (
  app: TestApp,
  body: { name?: string; scopes: Scope[]; expiresAt?: string; accounts?: string[] },
): Promise<CreatedKey> => {
  const response = await fetch(
    `${app.url}/auth/api-keys`,
    asAdmin({
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: body.name ?? `test-${body.scopes.join('-')}`, ...body }),
    }),
  );
  if (response.status !== 201) {
    throw new Error(`key creation failed: ${response.status} ${await response.text()}`);
  }
  return (await response.json()) as CreatedKey;
};

export const withKey = (key: string, init: RequestInit = {}): RequestInit => ({
  ...init,
  headers: { ...(init.headers as Record<string, string> | undefined), 'x-api-key': key },
});

export interface Envelope {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
  requestId: string;
}
