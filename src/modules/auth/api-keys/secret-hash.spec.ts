import { describe, expect, it } from 'vitest';
import { generateApiKey, parseApiKey } from './api-key-format.js';
import { hashSecret, isSecretHash, verifySecret } from './secret-hash.js';

const CHEAP = { ln: 4, r: 8, p: 1 };

describe('API key hashing', () => {
  it('should verify the key it hashed and refuse any other', async () => {
    const { key } = generateApiKey();
    const stored = await hashSecret(key, CHEAP);
    expect(isSecretHash(stored)).toBe(true);
    expect(stored).not.toContain(key.slice(17));
    await expect(verifySecret(key, stored)).resolves.toBe(true);
    await expect(verifySecret(`${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`, stored)).resolves.toBe(false);
    await expect(verifySecret(generateApiKey().key, stored)).resolves.toBe(false);
  });

  it('should salt every hash, so equal keys give different hashes', async () => {
    const { key } = generateApiKey();
    expect(await hashSecret(key, CHEAP)).not.toBe(await hashSecret(key, CHEAP));
  });

  it('should read the cost from the stored hash', async () => {
    const { key } = generateApiKey();
    const stored = await hashSecret(key, { ln: 5, r: 4, p: 1 });
    expect(stored).toMatch(/^scrypt\$ln=5,r=4,p=1\$/);
    await expect(verifySecret(key, stored)).resolves.toBe(true);
  });

  it('should refuse a malformed stored hash without throwing', async () => {
    await expect(verifySecret(generateApiKey().key, 'plain-text')).resolves.toBe(false);
  });

  it('should parse only well-formed keys', () => {
    const { key, keyId } = generateApiKey();
    expect(parseApiKey(key)).toEqual({ keyId });
    expect(parseApiKey(`${key}x`)).toBeUndefined();
    expect(parseApiKey(key.replace('tks_', 'tkz_'))).toBeUndefined();
    expect(parseApiKey('tks_short_secret')).toBeUndefined();
  });
});
