import { createHash } from 'node:crypto';
import type { ConfiguredTokenOutcome } from '../persistence/kite-account.entity.js';

/**
 * Identifies a configured access token without storing it: SHA-256 over a domain tag, the account and
 * the token. Access tokens are long random strings, so the fingerprint reveals nothing usable; it is not
 * keyed, so rotating KITE_ENCRYPTION_KEY does not make an old configured token look new.
 */
export const configuredTokenFingerprint = (accountId: string, token: string): string =>
  createHash('sha256').update(`kite-configured-access-token:v1:${accountId}:${token}`).digest('hex');

/** How the configured token with `fingerprint` was last settled, against stored session `sessionVersion`. */
export interface SettledConfiguredToken {
  fingerprint: string;
  sessionVersion: number;
  outcome: ConfiguredTokenOutcome;
}

export interface RestoreInputs {
  accountId: string;
  /** access_token from KITE_ACCOUNTS, if any. */
  configuredToken: string | undefined;
  settled: SettledConfiguredToken | null;
  /** The stored session's token, if readable. */
  storedToken: string | undefined;
  /** The stored session is active and before its daily expiry. */
  storedValid: boolean;
  /** Counts the sessions stored so far (login, PUT /token, adopted token). */
  storedSessionVersion: number;
}

export type RestoreDecision =
  /** Keep what is stored (restore it when valid, else needs_login); the configured token plays no part. */
  | { action: 'keep-stored' }
  /** Nothing valid is stored: use the configured token (Kite checks it right after start). */
  | { action: 'adopt-configured'; fingerprint: string }
  /**
   * A valid session is stored: keep it, and let Kite decide at start-up. The configured token replaces it
   * only if Kite rejects the stored session and accepts the configured token.
   */
  | { action: 'keep-stored-with-candidate'; fingerprint: string };

/**
 * Keeps the newest valid session across restarts. A configured access_token is used only when nothing
 * valid is stored, or when Kite verifies it while rejecting the stored session; and never over a session
 * stored after that token was settled (a login, a PUT /token, another instance), nor once Kite rejected it.
 * So an old token left in the environment cannot undo a newer login, however often the service restarts.
 */
export const decideRestore = (inputs: RestoreInputs): RestoreDecision => {
  const { accountId, configuredToken, settled, storedToken, storedValid, storedSessionVersion } = inputs;
  if (configuredToken === undefined || configuredToken === storedToken) {
    return { action: 'keep-stored' };
  }
  const fingerprint = configuredTokenFingerprint(accountId, configuredToken);
  if (settled?.fingerprint === fingerprint) {
    const newerSessionStored = storedSessionVersion > settled.sessionVersion;
    // Only a token passed over for a then-valid stored session may still compete with that same session.
    if (settled.outcome !== 'passed_over' || newerSessionStored) {
      return { action: 'keep-stored' };
    }
  }
  return storedValid
    ? { action: 'keep-stored-with-candidate', fingerprint }
    : { action: 'adopt-configured', fingerprint };
};
