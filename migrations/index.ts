import { Baseline1764028800000 } from './1764028800000-Baseline.js';
import { KiteAccountsAndInstruments1764040000000 } from './1764040000000-KiteAccountsAndInstruments.js';
import { LoginStateAndConfiguredToken1764100000000 } from './1764100000000-LoginStateAndConfiguredToken.js';
import { GttIdempotencyKeys1764250000000 } from './1764250000000-GttIdempotencyKeys.js';
import { ApiKeysAndAuditLog1764300000000 } from './1764300000000-ApiKeysAndAuditLog.js';

/** Every migration, in order. Listed explicitly so the app, the CLI and the tests load the same set. */
export const migrations = [
  Baseline1764028800000,
  KiteAccountsAndInstruments1764040000000,
  LoginStateAndConfiguredToken1764100000000,
  GttIdempotencyKeys1764250000000,
  ApiKeysAndAuditLog1764300000000,
];
