import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { KiteSimulator } from '../../../src/simulator/simulator.js';
import type { TestApp } from '../../support/test-app.js';
import {
  ACCOUNTS,
  ALPHA,
  bootPool,
  control,
  expectInvariant,
  instrumentTokens,
  poolOf,
  startPoolSimulator,
} from './support.js';

/** The ticker URL carries the access token: through dials, drops, a 403 and a new token, no log line may show it. */
describe('WebSocketPool keeps access tokens out of the logs', () => {
  let sim: KiteSimulator;
  let app: TestApp;
  const written: string[] = [];

  beforeAll(async () => {
    // pino writes through sonic-boom (fs.write / fs.writeSync on fd 1), not process.stdout.write.
    const tap = (target: object, name: string, dataIndex: number) => {
      const host = target as Record<string, (...args: unknown[]) => unknown>;
      const original = host[name]!.bind(target);
      vi.spyOn(host, name).mockImplementation((...args: unknown[]) => {
        const chunk = args[dataIndex];
        written.push(
          typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk),
        );
        return original(...args);
      });
    };
    tap(fs, 'writeSync', 1);
    tap(fs, 'write', 1);
    tap(process.stdout, 'write', 0);
    sim = await startPoolSimulator();
    app = await bootPool(sim, { LOG_LEVEL: 'debug', WS_POOL_LOG_INTERVAL_MS: '0' });
  });

  afterAll(async () => {
    await app?.close();
    await sim?.handle.stop();
    vi.restoreAllMocks();
  });

  it('should never log an access token while dialling, reconnecting, being refused with 403 and adopting a new token', async () => {
    await poolOf(app).subscribe(instrumentTokens(sim, 20), 'quote');
    await expectInvariant(app, sim);
    await control(sim, 'POST', '/ticker/drop', {});
    await expectInvariant(app, sim);
    await control(sim, 'POST', '/ticker/expire-session', { apiKey: ALPHA.apiKey });
    await expect.poll(() => poolOf(app).snapshot().accounts[0]!.status, { timeout: 15_000 }).toBe('needs_login');
    const fresh = 'alphafreshtoken77';
    await control(sim, 'POST', '/sessions/grant', { apiKey: ALPHA.apiKey, accessToken: fresh });
    const put = await app.fetch(`/accounts/${ALPHA.id}/token`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accessToken: fresh }),
    });
    expect(put.status).toBe(200);
    await expect.poll(() => poolOf(app).snapshot().accounts[0]!.used, { timeout: 20_000 }).toBeGreaterThan(0);
    await expectInvariant(app, sim);
    const logs = written.join('');
    expect(logs).toContain('Ticker connection lost');
    for (const secret of [...ACCOUNTS.map((a) => a.accessToken), fresh]) {
      expect(logs).not.toContain(secret);
    }
    expect(logs).not.toMatch(/access_token=/);
  });
});
