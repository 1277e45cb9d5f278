import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, type JWK, SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControllableClock } from '../../../src/common/time/index.js';
import { freePort } from '../../support/net.js';
import { bootTestApp, type TestApp } from '../../support/test-app.js';
import type { Envelope } from './support.js';

const START = Date.parse('2026-03-02T04:00:00Z');
const ISSUER = 'https://idp.test.local/';
const AUDIENCE = 'ticker-service';

type SigningKey = Awaited<ReturnType<typeof generateKeyPair>> & { kid: string; alg: string; jwk: JWK };

const signingKey = async (alg: 'RS256' | 'ES256', kid: string): Promise<SigningKey> => {
  const pair = await generateKeyPair(alg, { extractable: true });
  return { ...pair, kid, alg, jwk: { ...(await exportJWK(pair.publicKey)), kid, alg, use: 'sig' } };
};

/** A local identity provider's JWKS endpoint whose key set the test rotates. */
class JwksServer {
  keys: JWK[] = [];
  fetches = 0;
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((_req, res) => {
      this.fetches += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: this.keys }));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}/.well-known/jwks.json`;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

describe('JWT bearer tokens verified against a JWKS', () => {
  const clock = ControllableClock.fixedAt(START);
  const jwks = new JwksServer();
  let app: TestApp;
  let rsa: SigningKey;
  let ec: SigningKey;

  const nowS = () => Math.floor(clock.now() / 1000);
  const token = (key: SigningKey, claims: Record<string, unknown> = {}, options: { ttlS?: number } = {}) =>
    new SignJWT({ scp: ['market:read', 'orders:read'], accts: 'primary', ...claims })
      .setProtectedHeader({ alg: key.alg, kid: key.kid })
      .setIssuer((claims.iss as string | undefined) ?? ISSUER)
      .setAudience((claims.aud as string | undefined) ?? AUDIENCE)
      .setSubject('trader-7')
      .setIssuedAt(nowS())
      .setExpirationTime(nowS() + (options.ttlS ?? 300))
      .sign(key.privateKey);
  const call = (jwt: string) => fetch(`${app.url}/auth/me`, { headers: { authorization: `Bearer ${jwt}` } });
  const refusal = async (jwt: string) => {
    const response = await call(jwt);
    return { status: response.status, code: ((await response.json()) as Envelope).code };
  };

  beforeAll(async () => {
    rsa = await signingKey('RS256', 'rsa-1');
    ec = await signingKey('ES256', 'ec-1');
    jwks.keys = [rsa.jwk, ec.jwk];
    const url = await jwks.start();
    app = await bootTestApp({
      clock,
      env: {
        AUTH_JWT_JWKS_URL: url,
        AUTH_JWT_ISSUER: ISSUER,
        AUTH_JWT_AUDIENCE: AUDIENCE,
        AUTH_JWT_SCOPES_CLAIM: 'scp',
        AUTH_JWT_ACCOUNTS_CLAIM: 'accts',
        AUTH_JWT_CLOCK_SKEW_S: '30',
        AUTH_JWT_JWKS_COOLDOWN_MS: '0',
      },
    });
  });

  afterAll(async () => {
    await app?.close();
    await jwks.stop();
  });

  it('should accept valid RS256 and ES256 tokens with their scopes and accounts', async () => {
    for (const key of [rsa, ec]) {
      const response = await call(await token(key));
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        kind: 'jwt',
        id: 'trader-7',
        name: 'trader-7',
        scopes: ['market:read', 'orders:read'],
        accounts: ['primary'],
      });
    }
  });

  it('should read a space-separated scope string and ignore unknown scopes', async () => {
    const response = await call(await token(rsa, { scp: 'ops market:read superuser' }));
    expect(await response.json()).toMatchObject({ scopes: ['ops', 'market:read'] });
  });

  it('should enforce scopes from the token', async () => {
    const response = await fetch(`${app.url}/auth/api-keys`, {
      headers: { authorization: `Bearer ${await token(rsa)}` },
    });
    expect(response.status).toBe(403);
    expect(((await response.json()) as Envelope).code).toBe('INSUFFICIENT_SCOPE');
  });

  it('should refuse an expired token once past the clock skew, by the injected clock', async () => {
    const jwt = await token(rsa, {}, { ttlS: 60 });
    clock.advance(80_000);
    expect((await call(jwt)).status).toBe(200);
    clock.advance(20_000);
    expect(await refusal(jwt)).toEqual({ status: 401, code: 'CREDENTIALS_EXPIRED' });
  });

  it('should refuse a wrong audience and a wrong issuer', async () => {
    expect(await refusal(await token(rsa, { aud: 'another-service' }))).toEqual({
      status: 401,
      code: 'INVALID_CREDENTIALS',
    });
    expect(await refusal(await token(rsa, { iss: 'https://evil.example/' }))).toEqual({
      status: 401,
      code: 'INVALID_CREDENTIALS',
    });
  });

  it('should refuse alg none and an HS256 token signed with the public key as its secret', async () => {
    const unsecured = new UnsecuredJWT({ scp: ['accounts:admin'] })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject('attacker')
      .setIssuedAt(nowS())
      .setExpirationTime(nowS() + 300)
      .encode();
    expect(await refusal(unsecured)).toEqual({ status: 401, code: 'INVALID_CREDENTIALS' });

    const publicPem = await exportSPKI(rsa.publicKey);
    const confused = await new SignJWT({ scp: ['accounts:admin'] })
      .setProtectedHeader({ alg: 'HS256', kid: rsa.kid })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject('attacker')
      .setIssuedAt(nowS())
      .setExpirationTime(nowS() + 300)
      .sign(new TextEncoder().encode(publicPem));
    expect(await refusal(confused)).toEqual({ status: 401, code: 'INVALID_CREDENTIALS' });
  });

  it('should pick up a rotated key when a token names a kid it has not seen', async () => {
    const next = await signingKey('RS256', 'rsa-2');
    const jwt = await token(next);
    expect(await refusal(jwt)).toEqual({ status: 401, code: 'INVALID_CREDENTIALS' });
    const before = jwks.fetches;
    jwks.keys = [next.jwk, ec.jwk];
    expect((await call(jwt)).status).toBe(200);
    expect(jwks.fetches).toBeGreaterThan(before);
  });

  it('should refuse a token signed by a key the issuer never published', async () => {
    const stranger = await signingKey('RS256', 'rsa-1');
    expect(await refusal(await token(stranger))).toEqual({ status: 401, code: 'INVALID_CREDENTIALS' });
  });
});

describe('JWT with the identity provider unreachable', () => {
  const clock = ControllableClock.fixedAt(START);
  let app: TestApp;

  beforeAll(async () => {
    app = await bootTestApp({
      clock,
      env: {
        AUTH_JWT_JWKS_URL: `http://127.0.0.1:${await freePort()}/jwks.json`,
        AUTH_JWT_ISSUER: ISSUER,
        AUTH_JWT_AUDIENCE: AUDIENCE,
        AUTH_JWT_JWKS_TIMEOUT_MS: '500',
      },
    });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('should answer 503 (not 401) while the key set cannot be fetched, and keep API keys working', async () => {
    const key = await signingKey('RS256', 'k');
    const jwt = await new SignJWT({ scope: 'market:read' })
      .setProtectedHeader({ alg: 'RS256', kid: 'k' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject('s')
      .setIssuedAt(START / 1000)
      .setExpirationTime(START / 1000 + 300)
      .sign(key.privateKey);
    const response = await fetch(`${app.url}/auth/me`, { headers: { authorization: `Bearer ${jwt}` } });
    expect(response.status).toBe(503);
    expect(((await response.json()) as Envelope).code).toBe('AUTH_UNAVAILABLE');
    expect((await app.fetch('/auth/me')).status).toBe(200);
  });
});
