import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MS_PER_DAY, parseIstDateTime } from '../../../src/common/time/index.js';
import type { ControllableClock } from '../../../src/common/time/index.js';
import type { KiteSimulator } from '../../../src/simulator/simulator.js';
import { CALENDAR_SWEEP, sweepClock, type SweepCase } from '../../support/calendar-sweep.js';
import { POLL } from '../../support/polling.js';
import type { TestApp } from '../../support/test-app.js';
import {
  bootWithSimulator,
  control,
  encryptionKey,
  getJson,
  loginCallbackUrl,
  orchestratorOf,
  PRIMARY,
  SECONDARY,
  startSimulator,
} from './support.js';

interface Account {
  id: string;
  status: string;
  statusReason: string | null;
  lastLoginAt: string | null;
  tokenExpiresAt: string | null;
}

/** Kite logs every session out at 06:00 IST: the next 06:00 after `ist` ('yyyy-mm-dd hh:mm:ss'). */
const expectedLogout = (ist: string): number => {
  const [date, time] = ist.split(' ') as [string, string];
  const sameDay = parseIstDateTime(`${date} 06:00:00`)!;
  return time < '06:00:00' ? sameDay : sameDay + MS_PER_DAY;
};

describe.each(CALENDAR_SWEEP)('Kite session rollover at $ist IST ($name)', (sweepCase: SweepCase) => {
  let clock: ControllableClock;
  let sim: KiteSimulator;
  let app: TestApp;
  const account = async (id: string) => (await getJson<Account>(`${app.url}/accounts/${id}`)).body;

  beforeAll(async () => {
    clock = sweepClock(sweepCase);
    sim = await startSimulator({ clock: { instance: clock } });
    app = await bootWithSimulator(sim, encryptionKey(), { KITE_SESSION_SWEEP_INTERVAL_MS: '100' });
    await control(sim, 'POST', '/rest-options', {
      loginRedirectUrl: `${app.url}/accounts/${SECONDARY.id}/login/callback`,
    });
  });

  afterAll(async () => {
    await app?.close();
    await sim?.handle.stop();
  });

  it("should expire a login's session at the next 06:00 IST, not a second earlier, and store the expiry", async () => {
    const logout = expectedLogout(sweepCase.ist);
    const login = await getJson<Account>((await loginCallbackUrl(app.url, SECONDARY.id)).toString());
    expect(login.body).toMatchObject({
      status: 'active',
      lastLoginAt: new Date(clock.now()).toISOString(),
      tokenExpiresAt: new Date(logout).toISOString(),
    });
    expect((await account(PRIMARY.id)).tokenExpiresAt).toBe(new Date(logout).toISOString());

    clock.setFixed(logout - 1_000);
    await expect(orchestratorOf(app).forAccount(SECONDARY.id, (c) => c.getProfile())).resolves.toMatchObject({
      userId: SECONDARY.userId,
    });
    expect((await account(SECONDARY.id)).status).toBe('active');

    clock.setFixed(logout);
    await vi.waitFor(async () => {
      for (const id of [PRIMARY.id, SECONDARY.id]) {
        expect(await account(id)).toMatchObject({
          status: 'needs_login',
          statusReason: expect.stringContaining('expired'),
        });
      }
    }, POLL);
    const db = new pg.Client({ connectionString: app.database.url });
    await db.connect();
    try {
      const stored = async (id: string) =>
        (await db.query<{ status: string }>('SELECT status FROM kite_account WHERE account_id = $1', [id])).rows[0]
          ?.status;
      // The session sweep stores the expiry of an account nobody calls...
      await vi.waitFor(async () => expect(await stored(PRIMARY.id)).toBe('needs_login'), POLL);
      // ...a call that finds the session over stores it on its way...
      await expect(orchestratorOf(app).forAccount(SECONDARY.id, (c) => c.getProfile())).rejects.toMatchObject({
        code: 'ACCOUNT_NEEDS_LOGIN',
      });
      // ...and a status write still queued at shutdown is stored before the database pool closes.
      await app.service.shutdown('test finished');
      expect(await stored(SECONDARY.id)).toBe('needs_login');
    } finally {
      await db.end();
    }
  });
});
