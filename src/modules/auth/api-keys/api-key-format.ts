import { randomBytes, randomInt } from 'node:crypto';

/**
 * An API key is `tks_<key id>_<secret>`: the 12-character key id is public (lists, audit rows, logs) and
 * is how the stored hash is found; the 43-character secret (32 random bytes, base64url) is shown once.
 */
export const API_KEY_PREFIX = 'tks_';
const KEY_ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const KEY_ID_LENGTH = 12;
const SECRET_BYTES = 32;
export const KEY_ID_PATTERN = /^[a-z0-9]{12}$/;
const API_KEY_PATTERN = /^tks_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export interface GeneratedApiKey {
  keyId: string;
  /** The full key the client sends; never stored. */
  key: string;
}

export const generateKeyId = (): string =>
  Array.from({ length: KEY_ID_LENGTH }, () => KEY_ID_ALPHABET[randomInt(KEY_ID_ALPHABET.length)]).join('');

export const generateApiKey = (keyId: string = generateKeyId()): GeneratedApiKey => ({
  keyId,
  key: `${API_KEY_PREFIX}${keyId}_${randomBytes(SECRET_BYTES).toString('base64url')}`,
});

/** The key id of a well-formed key, or undefined. */
export const parseApiKey = (candidate: string): { keyId: string } | undefined => {
  const match = API_KEY_PATTERN.exec(candidate);
  return match?.[1] === undefined ? undefined : { keyId: match[1] };
};

export const looksLikeApiKey = (candidate: string): boolean => candidate.startsWith(API_KEY_PREFIX);
