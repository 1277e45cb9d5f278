import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretCipher, SecretDecryptionError } from './secret-cipher.js';

const k1 = randomBytes(32);
const k2 = randomBytes(32);

describe(SecretCipher.name, () => {
  const sut = new SecretCipher({ currentKeyId: 'k1', keys: new Map([['k1', k1]]) });

  it('should round-trip a value and never contain the plaintext', () => {
    const sealed = sut.seal('my-api-secret', 'kite_account:a:api_secret');
    expect(sealed.startsWith('v1.k1.')).toBe(true);
    expect(sealed).not.toContain('my-api-secret');
    expect(sut.open(sealed, 'kite_account:a:api_secret')).toBe('my-api-secret');
  });

  it('should use a fresh IV for every value', () => {
    expect(sut.seal('same', 'ctx')).not.toBe(sut.seal('same', 'ctx'));
  });

  it('should refuse a value moved to another account or column', () => {
    const sealed = sut.seal('token', 'kite_account:a:access_token');
    expect(() => sut.open(sealed, 'kite_account:b:access_token')).toThrow(SecretDecryptionError);
  });

  it('should refuse a tampered value', () => {
    const parts = sut.seal('token', 'ctx').split('.');
    const ciphertext = Buffer.from(parts[4]!, 'base64url');
    ciphertext[0] = ciphertext[0]! ^ 1;
    parts[4] = ciphertext.toString('base64url');
    expect(() => sut.open(parts.join('.'), 'ctx')).toThrow(SecretDecryptionError);
  });

  it('should read values sealed with a previous key after rotation and flag them as stale', () => {
    const sealedWithOld = sut.seal('token', 'ctx');
    const rotated = new SecretCipher({
      currentKeyId: 'k2',
      keys: new Map([
        ['k1', k1],
        ['k2', k2],
      ]),
    });
    expect(rotated.open(sealedWithOld, 'ctx')).toBe('token');
    expect(rotated.isStale(sealedWithOld)).toBe(true);
    expect(rotated.isStale(rotated.seal('token', 'ctx'))).toBe(false);
  });

  it('should name a missing key without revealing anything', () => {
    const sealed = new SecretCipher({ currentKeyId: 'k2', keys: new Map([['k2', k2]]) }).seal('token', 'ctx');
    expect(() => sut.open(sealed, 'ctx')).toThrow('key k2 is not configured');
  });
});
