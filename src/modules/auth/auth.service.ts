import { Injectable } from '@nestjs/common';
import type { Principal } from '../../common/auth/index.js';
import { UnauthorizedError } from '../../common/errors/index.js';
import { ApiKeyAuthenticator } from './api-keys/api-key-authenticator.js';
import { looksLikeApiKey } from './api-keys/api-key-format.js';
import { AuthFailureLimiter } from './auth-failure-limiter.js';
import { invalidCredentials, missingCredentials } from './auth.errors.js';
import { AuthMetrics } from './auth.metrics.js';
import { JwtVerifier, looksLikeJwt } from './jwt/jwt-verifier.js';

export interface CredentialSource {
  /** Client address (behind configured proxies: the forwarded one); keys the failure limit. */
  ip: string;
  transport: 'http' | 'websocket';
}

/**
 * The one credential check, for HTTP (through the global guard) and for the WebSocket gateways (with the
 * key or token from the first message or Sec-WebSocket-Protocol). Throws UnauthorizedError (401) for
 * missing or bad credentials, RateLimitedError (429) once an address has failed too often, and
 * ServiceUnavailableError (503) when the key store or the JWKS cannot be reached.
 */
@Injectable()
export class AuthService {
  constructor(
    private readonly apiKeys: ApiKeyAuthenticator,
    private readonly jwt: JwtVerifier,
    private readonly failures: AuthFailureLimiter,
    private readonly metrics: AuthMetrics,
  ) {}

  async authenticate(credential: string | undefined, source: CredentialSource): Promise<Principal> {
    if (credential === undefined || credential.length === 0) {
      throw missingCredentials();
    }
    await this.failures.assertNotBlocked(source.ip);
    try {
      if (looksLikeApiKey(credential)) {
        return await this.apiKeys.authenticate(credential);
      }
      if (this.jwt.enabled && looksLikeJwt(credential)) {
        return await this.jwt.verify(credential);
      }
      this.metrics.attempt(looksLikeJwt(credential) ? 'jwt' : 'api_key', 'invalid');
      throw invalidCredentials();
    } catch (error) {
      if (error instanceof UnauthorizedError) {
        await this.failures.recordFailure(source.ip);
      }
      throw error;
    }
  }

  /** Evicts a key from this instance's cache (revocations announced by other instances). */
  forgetApiKey(keyId: string): void {
    this.apiKeys.invalidate(keyId);
  }
}
