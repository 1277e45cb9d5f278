import { Injectable, Logger } from '@nestjs/common';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { isScope, type Principal } from '../../../common/auth/index.js';
import { Clock } from '../../../common/time/index.js';
import { AppConfig } from '../../../config/index.js';
import type { JwtConfig } from '../../../config/sections/auth.config.js';
import { authUnavailable, expiredCredentials, invalidCredentials } from '../auth.errors.js';
import { AuthMetrics } from '../auth.metrics.js';

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const MAX_LISTED_CLAIM_ITEMS = 100;

/** A claim holding a list: an array of strings or one space- (or comma-) separated string. */
export const claimList = (value: unknown): string[] => {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[\s,]+/) : [];
  return items
    .filter((item): item is string => typeof item === 'string' && item.length > 0)
    .slice(0, MAX_LISTED_CLAIM_ITEMS);
};

/** Reads a claim by name, or by a dotted path for nested claims (e.g. `realm_access.roles`). */
const readClaim = (payload: JWTPayload, name: string): unknown =>
  name in payload
    ? payload[name]
    : name.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], payload);

export const looksLikeJwt = (candidate: string): boolean => JWT_SHAPE.test(candidate);

/**
 * Verifies bearer JWTs against the configured JWKS (jose: keys cached, refetched on an unknown `kid`
 * after the cooldown). Only the configured asymmetric algorithms are accepted, so `alg: none` and an
 * HS256 token "signed" with the public key both fail. Time comes from the injected Clock.
 */
@Injectable()
export class JwtVerifier {
  private readonly logger = new Logger(JwtVerifier.name);
  private readonly config: JwtConfig | undefined;
  private readonly jwks: ReturnType<typeof createRemoteJWKSet> | undefined;

  constructor(
    appConfig: AppConfig,
    private readonly clock: Clock,
    private readonly metrics: AuthMetrics,
  ) {
    this.config = appConfig.get('auth').jwt;
    this.jwks =
      this.config === undefined
        ? undefined
        : createRemoteJWKSet(new URL(this.config.jwksUrl), {
            timeoutDuration: this.config.jwksTimeoutMs,
            cooldownDuration: this.config.jwksCooldownMs,
            cacheMaxAge: this.config.jwksCacheMaxAgeMs,
          });
  }

  get enabled(): boolean {
    return this.jwks !== undefined;
  }

  async verify(token: string): Promise<Principal> {
    const { config, jwks } = this;
    if (config === undefined || jwks === undefined) {
      this.metrics.attempt('jwt', 'invalid');
      throw invalidCredentials();
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, jwks, {
        algorithms: config.algorithms,
        issuer: config.issuer,
        audience: config.audience,
        clockTolerance: config.clockSkewSeconds,
        currentDate: this.clock.nowDate(),
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (error) {
      throw this.refusal(error);
    }
    this.metrics.attempt('jwt', 'ok');
    const accounts = config.accountsClaim === undefined ? undefined : readClaim(payload, config.accountsClaim);
    return {
      kind: 'jwt',
      id: payload.sub ?? '',
      name: payload.sub ?? '',
      scopes: new Set(claimList(readClaim(payload, config.scopesClaim)).filter(isScope)),
      ...(accounts === undefined ? {} : { accounts: new Set(claimList(accounts)) }),
    };
  }

  private refusal(error: unknown): Error {
    if (error instanceof errors.JWTExpired) {
      this.metrics.attempt('jwt', 'expired');
      return expiredCredentials('Token');
    }
    if (
      error instanceof errors.JWKSTimeout ||
      error instanceof errors.JWKSInvalid ||
      (error instanceof Error && !(error instanceof errors.JOSEError))
    ) {
      // The identity provider's key set could not be fetched: the token may well be fine.
      this.metrics.attempt('jwt', 'unavailable');
      this.logger.warn({ err: error }, 'JWKS unavailable: JWTs cannot be verified');
      return authUnavailable('the identity provider key set is unreachable', error);
    }
    this.metrics.attempt('jwt', 'invalid');
    return invalidCredentials();
  }
}
