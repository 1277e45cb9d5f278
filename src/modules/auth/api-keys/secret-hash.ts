import { randomBytes, scrypt, type ScryptOptions, timingSafeEqual } from 'node:crypto';

/**
 * scrypt (node:crypto, no native build) in a PHC-like string `scrypt$ln=14,r=8,p=1$<salt>$<hash>`, so the
 * cost can be raised later without invalidating stored keys. The input is the whole key, binding the
 * secret to its key id. Hashing runs on libuv's thread pool, off the event loop.
 */
const DEFAULT_COST = { ln: 14, r: 8, p: 1 };
const SALT_BYTES = 16;
const HASH_BYTES = 32;
const PHC_PATTERN = /^scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;
// Memory scrypt needs is 128 * N * r * p bytes; allow twice that.
const memoryFor = (options: { N: number; r: number; p: number }): number => 256 * options.N * options.r * options.p;

const derive = (input: string, salt: Buffer, length: number, options: ScryptOptions): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    scrypt(input, salt, length, options, (error, derived) => (error ? reject(error) : resolve(derived)));
  });

export const hashSecret = async (key: string, cost = DEFAULT_COST): Promise<string> => {
  const salt = randomBytes(SALT_BYTES);
  const options = { N: 2 ** cost.ln, r: cost.r, p: cost.p };
  const hash = await derive(key, salt, HASH_BYTES, { ...options, maxmem: memoryFor(options) });
  return `scrypt$ln=${cost.ln},r=${cost.r},p=${cost.p}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
};

export const isSecretHash = (value: string): boolean => PHC_PATTERN.test(value);

/** Constant-time comparison of the derived hash; false for a malformed stored hash. */
export const verifySecret = async (key: string, stored: string): Promise<boolean> => {
  const match = PHC_PATTERN.exec(stored);
  if (!match) {
    return false;
  }
  const [, ln, r, p, salt = '', hash = ''] = match;
  const expected = Buffer.from(hash, 'base64url');
  const options = { N: 2 ** Number(ln), r: Number(r), p: Number(p) };
  const derived = await derive(key, Buffer.from(salt, 'base64url'), expected.length, {
    ...options,
    maxmem: memoryFor(options),
  });
  return derived.length === expected.length && timingSafeEqual(derived, expected);
};
