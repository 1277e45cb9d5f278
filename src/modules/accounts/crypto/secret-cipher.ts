import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const FORMAT_VERSION = 'v1';

export interface KeyRing {
  currentKeyId: string;
  keys: ReadonlyMap<string, Buffer>;
}

export class SecretDecryptionError extends Error {
  constructor(reason: string) {
    super(`Cannot decrypt stored secret: ${reason}`);
  }
}

/**
 * AES-256-GCM with a fresh random IV per value. Sealed form: `v1.<keyId>.<iv>.<tag>.<ciphertext>`
 * (base64url parts), so values name the key that sealed them and keys can be rotated. The caller's
 * context (account id and field) is bound as associated data: a value copied to another row or
 * column fails to decrypt.
 */
export class SecretCipher {
  constructor(private readonly ring: KeyRing) {
    if (!ring.keys.has(ring.currentKeyId)) {
      throw new Error(`Encryption key ${ring.currentKeyId} is not in the key ring`);
    }
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.ring.keys.get(this.ring.currentKeyId)!, iv, {
      authTagLength: TAG_BYTES,
    });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [FORMAT_VERSION, this.ring.currentKeyId, iv, cipher.getAuthTag(), ciphertext]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  open(sealed: string, context: string): string {
    const [version, keyId, iv, tag, ciphertext, ...rest] = sealed.split('.');
    if (version !== FORMAT_VERSION || !keyId || !iv || !tag || ciphertext === undefined || rest.length > 0) {
      throw new SecretDecryptionError('unrecognised format');
    }
    const key = this.ring.keys.get(keyId);
    if (!key) {
      throw new SecretDecryptionError(`key ${keyId} is not configured`);
    }
    try {
      const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretDecryptionError('authentication failed (wrong key, or tampered value)');
    }
  }

  /** True when the value was sealed with a key other than the current one. */
  isStale(sealed: string): boolean {
    return sealed.split('.')[1] !== this.ring.currentKeyId;
  }
}
