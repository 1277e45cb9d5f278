import { describe, expect, it } from 'vitest';
import { configuredTokenFingerprint, decideRestore, type RestoreInputs } from './configured-token-policy.js';

const ACCOUNT = 'primary';
const OLD = 'oldconfiguredtoken0001';
const LOGIN = 'tokenfromlogin0002';
const NEW = 'newconfiguredtoken0003';
const fp = (token: string) => configuredTokenFingerprint(ACCOUNT, token);

const inputs = (overrides: Partial<RestoreInputs>): RestoreInputs => ({
  accountId: ACCOUNT,
  configuredToken: OLD,
  settled: null,
  storedToken: undefined,
  storedValid: false,
  storedSessionVersion: 0,
  ...overrides,
});

describe(decideRestore.name, () => {
  it('should keep the stored session when no token is configured', () => {
    expect(decideRestore(inputs({ configuredToken: undefined, storedToken: LOGIN, storedValid: true }))).toEqual({
      action: 'keep-stored',
    });
  });

  it('should adopt a configured token when nothing is stored', () => {
    expect(decideRestore(inputs({}))).toEqual({ action: 'adopt-configured', fingerprint: fp(OLD) });
  });

  it('should keep the stored session when the configured token is the stored one, valid or expired', () => {
    for (const storedValid of [true, false]) {
      expect(decideRestore(inputs({ configuredToken: LOGIN, storedToken: LOGIN, storedValid }))).toEqual({
        action: 'keep-stored',
      });
    }
  });

  it('should never re-adopt an adopted configured token over a session stored later, valid or expired', () => {
    const settled = { fingerprint: fp(OLD), sessionVersion: 1, outcome: 'adopted' as const };
    for (const storedValid of [true, false]) {
      expect(decideRestore(inputs({ settled, storedToken: LOGIN, storedValid, storedSessionVersion: 2 }))).toEqual({
        action: 'keep-stored',
      });
    }
  });

  it('should never adopt a configured token Kite rejected', () => {
    const settled = { fingerprint: fp(OLD), sessionVersion: 3, outcome: 'rejected' as const };
    expect(decideRestore(inputs({ settled, storedToken: LOGIN, storedSessionVersion: 3 }))).toEqual({
      action: 'keep-stored',
    });
  });

  it('should keep a valid stored session over a new configured token, leaving it to Kite as a candidate', () => {
    const settled = { fingerprint: fp(OLD), sessionVersion: 1, outcome: 'adopted' as const };
    expect(
      decideRestore(
        inputs({ configuredToken: NEW, settled, storedToken: LOGIN, storedValid: true, storedSessionVersion: 2 }),
      ),
    ).toEqual({ action: 'keep-stored-with-candidate', fingerprint: fp(NEW) });
  });

  it('should adopt a new configured token when the stored session has expired', () => {
    expect(
      decideRestore(inputs({ configuredToken: NEW, storedToken: LOGIN, storedValid: false, storedSessionVersion: 2 })),
    ).toEqual({ action: 'adopt-configured', fingerprint: fp(NEW) });
  });

  it('should let a token passed over for a stored session take over once that same session has expired', () => {
    const settled = { fingerprint: fp(NEW), sessionVersion: 2, outcome: 'passed_over' as const };
    expect(
      decideRestore(
        inputs({ configuredToken: NEW, settled, storedToken: LOGIN, storedValid: false, storedSessionVersion: 2 }),
      ),
    ).toEqual({ action: 'adopt-configured', fingerprint: fp(NEW) });
    expect(
      decideRestore(
        inputs({ configuredToken: NEW, settled, storedToken: LOGIN, storedValid: false, storedSessionVersion: 3 }),
      ),
    ).toEqual({ action: 'keep-stored' });
  });

  it('should bind fingerprints to the account and the token', () => {
    expect(configuredTokenFingerprint('a', OLD)).not.toBe(configuredTokenFingerprint('b', OLD));
    expect(configuredTokenFingerprint('a', OLD)).not.toBe(configuredTokenFingerprint('a', NEW));
    expect(configuredTokenFingerprint('a', OLD)).toMatch(/^[0-9a-f]{64}$/);
  });
});
