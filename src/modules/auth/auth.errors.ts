import type { Scope } from '../../common/auth/index.js';
import { ForbiddenError, ServiceUnavailableError, UnauthorizedError } from '../../common/errors/index.js';

export const AUTH_REALM = 'ticker-service';
const RETRY_AFTER_MS = 1_000;

/**
 * RFC 6750 challenge for bearer tokens plus one for the X-API-Key header. `error` is set only when a
 * credential was sent and refused; a request with none gets the bare challenge.
 */
export const wwwAuthenticate = (error?: 'invalid_token'): string =>
  [
    `Bearer realm="${AUTH_REALM}"${error ? `, error="${error}"` : ''}`,
    `ApiKey realm="${AUTH_REALM}", header="X-API-Key"`,
  ].join(', ');

export const missingCredentials = (): UnauthorizedError =>
  new UnauthorizedError(
    'AUTH_REQUIRED',
    'Authentication required: send an API key (X-API-Key or Authorization: Bearer) or a JWT bearer token',
    { headers: { 'www-authenticate': wwwAuthenticate() } },
  );

/** One message for an unknown key, a wrong secret, a bad signature or a malformed credential. */
export const invalidCredentials = (): UnauthorizedError =>
  new UnauthorizedError('INVALID_CREDENTIALS', 'Invalid credentials', {
    headers: { 'www-authenticate': wwwAuthenticate('invalid_token') },
  });

/** Said only to a caller that proved it holds the secret or a validly signed token. */
export const expiredCredentials = (what: 'API key' | 'Token'): UnauthorizedError =>
  new UnauthorizedError('CREDENTIALS_EXPIRED', `${what} expired`, {
    headers: { 'www-authenticate': wwwAuthenticate('invalid_token') },
  });

export const revokedApiKey = (): UnauthorizedError =>
  new UnauthorizedError('API_KEY_REVOKED', 'API key revoked', {
    headers: { 'www-authenticate': wwwAuthenticate('invalid_token') },
  });

export const insufficientScope = (required: readonly Scope[]): ForbiddenError =>
  new ForbiddenError(
    'INSUFFICIENT_SCOPE',
    `This operation requires scope ${required.join(' or ')}`,
    { requiredScopes: required },
    {
      headers: {
        'www-authenticate': `Bearer realm="${AUTH_REALM}", error="insufficient_scope", scope="${required.join(' ')}"`,
      },
    },
  );

export const accountNotAllowed = (accountId: string): ForbiddenError =>
  new ForbiddenError('ACCOUNT_NOT_ALLOWED', `This credential may not act on account ${accountId}`, { accountId });

export const routeNotAnnotated = (): ForbiddenError =>
  new ForbiddenError('ROUTE_NOT_ANNOTATED', 'This route declares no access rule and is refused');

export const authUnavailable = (what: string, cause: unknown): ServiceUnavailableError =>
  new ServiceUnavailableError('AUTH_UNAVAILABLE', `Credentials cannot be checked right now: ${what}`, undefined, {
    cause,
    retryAfterMs: RETRY_AFTER_MS,
  });
