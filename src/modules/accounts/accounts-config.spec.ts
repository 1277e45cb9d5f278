import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppConfig, ConfigValidationError } from '../../config/index.js';

const KEY = randomBytes(32).toString('base64');
const account = (extra: Record<string, unknown> = {}) => ({
  id: 'primary',
  api_key: 'key1',
  api_secret: 'super-secret-value',
  ...extra,
});

const load = (env: Record<string, string>) => AppConfig.fromEnv(env).get('accounts');
const problemsOf = (env: Record<string, string>): string => {
  try {
    AppConfig.fromEnv(env);
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      return error.message;
    }
    throw error;
  }
  throw new Error('configuration was accepted');
};

describe('accounts configuration', () => {
  it('should accept no accounts and no key', () => {
    expect(load({}).accounts).toEqual([]);
    expect(load({}).encryption).toBeUndefined();
  });

  it('should parse KITE_ACCOUNTS and the key ring', () => {
    const config = load({
      KITE_ACCOUNTS: JSON.stringify([
        account({ access_token: 'tok', user_id: 'AB1234' }),
        account({ id: 'second', api_key: 'key2' }),
      ]),
      KITE_ENCRYPTION_KEY: KEY,
      KITE_ENCRYPTION_KEY_ID: 'k2',
      KITE_ENCRYPTION_PREVIOUS_KEYS: `k1:${randomBytes(32).toString('base64')}`,
    });
    expect(config.accounts.map((a) => a.id)).toEqual(['primary', 'second']);
    expect(config.accounts[0]).toMatchObject({ apiKey: 'key1', accessToken: 'tok', userId: 'AB1234' });
    expect(config.encryption?.currentKeyId).toBe('k2');
    expect([...config.encryption!.keys.keys()].sort()).toEqual(['k1', 'k2']);
  });

  it('should fail naming KITE_ENCRYPTION_KEY when accounts are configured without it', () => {
    const message = problemsOf({ KITE_ACCOUNTS: JSON.stringify([account()]) });
    expect(message).toContain('KITE_ENCRYPTION_KEY is required');
  });

  it('should reject a key that is not 32 bytes without printing it', () => {
    const message = problemsOf({ KITE_ACCOUNTS: JSON.stringify([account()]), KITE_ENCRYPTION_KEY: 'c2hvcnQta2V5' });
    expect(message).toContain('KITE_ENCRYPTION_KEY must be 32 random bytes');
    expect(message).not.toContain('c2hvcnQta2V5');
  });

  it('should explain a bad account list without quoting any secret', () => {
    const message = problemsOf({
      KITE_ACCOUNTS: JSON.stringify([account(), account({ api_key: '', access_token: '', extra: 1 })]),
      KITE_ENCRYPTION_KEY: KEY,
    });
    expect(message).toContain('entry 1: api_key is required');
    expect(message).toContain('unknown field(s) extra');
    expect(message).not.toContain('super-secret-value');
  });

  it('should reject duplicate account ids', () => {
    const message = problemsOf({ KITE_ACCOUNTS: JSON.stringify([account(), account()]), KITE_ENCRYPTION_KEY: KEY });
    expect(message).toContain('duplicate id(s) primary');
    expect(message).not.toContain('super-secret-value');
  });

  it('should reject invalid JSON without echoing it', () => {
    const message = problemsOf({ KITE_ACCOUNTS: '[{"id":"a","api_secret":"leak-me"', KITE_ENCRYPTION_KEY: KEY });
    expect(message).toContain('is not valid JSON');
    expect(message).not.toContain('leak-me');
  });
});
