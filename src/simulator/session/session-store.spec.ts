import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_USERS, SessionStore, nextDailyExpiry } from './session-store.js';

const checksum = (requestToken: string): string =>
  createHash('sha256').update(`simkey${requestToken}simsecret`).digest('hex');

describe('SessionStore', () => {
  it('authenticates the pre-issued token and exchanges request tokens once', () => {
    let now = 0;
    const store = new SessionStore(DEFAULT_USERS, () => now);
    expect(store.authenticate('simkey', 'simtoken')).toBe('SIM001');
    expect(store.authenticate('simkey', 'other')).toBeUndefined();
    const requestToken = store.issueRequestToken('simkey')!;
    expect(store.exchange('simkey', requestToken, 'bad')).toBe('bad-checksum');
    const session = store.exchange('simkey', requestToken, checksum(requestToken));
    expect(typeof session).toBe('object');
    const accessToken = (session as { accessToken: string }).accessToken;
    expect(store.authenticate('simkey', accessToken)).toBe('SIM001');
    expect(store.exchange('simkey', requestToken, checksum(requestToken))).toBe('bad-token');
    const late = store.issueRequestToken('simkey')!;
    now += 300_001;
    expect(store.exchange('simkey', late, checksum(late))).toBe('bad-token');
    expect(store.issueRequestToken('nobody')).toBeUndefined();
  });

  it('expires login-issued tokens at 06:00 IST the next morning', () => {
    let now = Date.parse('2025-12-02T04:00:00Z'); // 09:30 IST
    const store = new SessionStore(DEFAULT_USERS, () => now);
    const requestToken = store.issueRequestToken('simkey')!;
    const { accessToken } = store.exchange('simkey', requestToken, checksum(requestToken)) as { accessToken: string };
    now = Date.parse('2025-12-03T00:29:59Z'); // 05:59:59 IST next day
    expect(store.authenticate('simkey', accessToken)).toBe('SIM001');
    now += 1_000;
    expect(store.authenticate('simkey', accessToken)).toBeUndefined();
    expect(store.authenticate('simkey', 'simtoken')).toBe('SIM001');
    expect(nextDailyExpiry(Date.parse('2025-12-02T00:00:00Z'))).toBe(Date.parse('2025-12-02T00:30:00Z'));
  });

  it('invalidates one token or every session of a key', () => {
    const store = new SessionStore(DEFAULT_USERS, () => 0);
    store.grant('simkey', 't2');
    expect(store.invalidate('simkey', 't2')).toBe(true);
    expect(store.authenticate('simkey', 't2')).toBeUndefined();
    store.grant('simkey', 't3');
    expect(store.expireAll('simkey')).toBe(2);
    expect(store.authenticate('simkey', 'simtoken')).toBeUndefined();
  });
});
