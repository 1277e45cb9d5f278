import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigValidationError } from '../../../src/config/index.js';
import { bootTestApp, type TestApp } from '../../support/test-app.js';
import { getJson, type HealthDetails, PRIMARY, type Readiness } from './support.js';

describe('Service without Kite accounts', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await bootTestApp();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('should boot ready, with no account in its details', async () => {
    const ready = await getJson<Readiness>(`${app.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(Object.keys(ready.body.details).sort()).toEqual(['database', 'redis']);
    const details = await getJson<HealthDetails>(`${app.url}/health/details`);
    expect(details.body.accounts).toEqual({ configured: 0, active: 0, accounts: {} });
    // Only the service's own jobs (auth and audit): nothing account-related runs without accounts.
    expect(Object.keys(details.body.backgroundTasks).sort()).toEqual([
      'api-key-last-used',
      'api-key-revocations',
      'audit-retention',
      'audit-writer',
    ]);
    expect((await getJson(`${app.url}/accounts`)).body).toEqual([]);
  });

  it('should answer Kite-dependent requests with clear errors', async () => {
    const sync = await getJson<{ exchange: string; outcome: string; error: string }[]>(`${app.url}/instrument-sync`, {
      method: 'POST',
    });
    expect(sync.body.map((r) => [r.exchange, r.outcome])).toEqual([
      ['NSE', 'failed'],
      ['NFO', 'failed'],
    ]);
    expect(sync.body[0]!.error).toBe('No Kite account is configured');
    const chain = await getJson<{ code: string }>(`${app.url}/option-chains/NIFTY`);
    expect(chain.status).toBe(404);
    expect(chain.body.code).toBe('OPTION_CHAIN_NOT_FOUND');
  });

  it('should refuse to boot with accounts but no encryption key, naming the variable', async () => {
    const boot = bootTestApp({
      env: { KITE_ACCOUNTS: JSON.stringify([{ id: 'a', api_key: 'k', api_secret: PRIMARY.apiSecret }]) },
    });
    await expect(boot).rejects.toBeInstanceOf(ConfigValidationError);
    await expect(boot).rejects.toThrow(/KITE_ENCRYPTION_KEY is required/);
    await expect(boot).rejects.not.toThrow(PRIMARY.apiSecret);
  });
});
