import { describe, expect, it } from 'vitest';
import { ConfigValidationError, loadConfig } from '../load-config.js';

const problemsOf = (env: Record<string, string>): string => {
  try {
    loadConfig(env);
  } catch (error) {
    return (error as ConfigValidationError).problems.join('\n');
  }
  return '';
};

describe('security, auth and audit configuration', () => {
  it('should default to a loopback bind, no trusted proxy, no CORS, local demo auto and RS256/ES256', () => {
    const config = loadConfig({});
    expect(config.app.host).toBe('127.0.0.1');
    expect(config.security).toMatchObject({ trustProxy: [], corsAllowedOrigins: [], docsEnabled: undefined });
    expect(config.auth.localDemo).toBe('auto');
    expect(config.auth.jwt).toBeUndefined();
    expect(config.audit.retentionDays).toBe(90);
  });

  it('should accept proxies as addresses, CIDRs or named ranges, and origins as exact origins', () => {
    const config = loadConfig({
      TRUST_PROXY: '10.0.0.0/8, ::1, loopback',
      CORS_ALLOWED_ORIGINS: 'https://desk.example.com,http://localhost:5173',
    });
    expect(config.security.trustProxy).toEqual(['10.0.0.0/8', '::1', 'loopback']);
    expect(config.security.corsAllowedOrigins).toEqual(['https://desk.example.com', 'http://localhost:5173']);
  });

  it('should name each bad security setting', () => {
    const problems = problemsOf({
      TRUST_PROXY: '10.0.0.0/33',
      CORS_ALLOWED_ORIGINS: 'https://desk.example.com/path',
      METRICS_BEARER_TOKEN: 'short',
      AUTH_BOOTSTRAP_KEY_HASH: 'plaintext-key',
      AUTH_JWT_JWKS_URL: 'https://idp.example.com/jwks.json',
      AUTH_JWT_ALGORITHMS: 'HS256',
    });
    expect(problems).toContain('TRUST_PROXY must list proxy addresses or CIDRs');
    expect(problems).toContain('CORS_ALLOWED_ORIGINS must list exact origins');
    expect(problems).toContain('METRICS_BEARER_TOKEN must be at least 32 characters');
    expect(problems).toContain('AUTH_BOOTSTRAP_KEY_HASH must be the `<key id>:scrypt$…` line');
    expect(problems).toContain('AUTH_JWT_ISSUER is required when AUTH_JWT_JWKS_URL is set');
    expect(problems).toContain('AUTH_JWT_AUDIENCE is required when AUTH_JWT_JWKS_URL is set');
    expect(problems).toContain('AUTH_JWT_ALGORITHMS');
    // Secrets are never echoed in the error.
    expect(problems).not.toContain('short');
    expect(problems).not.toContain('plaintext-key');
  });

  it('should map a JWT configuration', () => {
    const { jwt } = loadConfig({
      AUTH_JWT_JWKS_URL: 'https://idp.example.com/jwks.json',
      AUTH_JWT_ISSUER: 'https://idp.example.com/',
      AUTH_JWT_AUDIENCE: 'ticker-service',
      AUTH_JWT_SCOPES_CLAIM: 'scp',
    }).auth;
    expect(jwt).toMatchObject({ algorithms: ['RS256', 'ES256'], scopesClaim: 'scp', clockSkewSeconds: 30 });
  });
});
