import type { Provider } from '@nestjs/common';
import { AppConfig } from '../../../config/index.js';
import { SecretCipher } from './secret-cipher.js';

/** Undefined only when no account is configured (config validation requires a key otherwise). */
export const SECRET_CIPHER = Symbol('SECRET_CIPHER');

export const secretCipherProvider: Provider = {
  provide: SECRET_CIPHER,
  inject: [AppConfig],
  useFactory: (config: AppConfig): SecretCipher | undefined => {
    const encryption = config.get('accounts').encryption;
    return encryption ? new SecretCipher({ currentKeyId: encryption.currentKeyId, keys: encryption.keys }) : undefined;
  },
};
