import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RawEnv } from '../../../src/config/index.js';
import { bootTestApp, type TestApp } from '../../support/test-app.js';

const ALLOWED = 'https://desk.example.com';

describe('transport and browser hygiene', () => {
  let app: TestApp | undefined;
  const boot = async (env: RawEnv = {}): Promise<TestApp> => (app = await bootTestApp({ env }));

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('should send security headers with a CSP that Swagger UI satisfies', async () => {
    const running = await boot();
    const response = await fetch(`${running.url}/health/live`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    const ui = await (await fetch(`${running.url}/docs`)).text();
    const scripts = ui.match(/<script[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    // script-src 'self' allows no inline script: every one must be loaded from the server itself.
    expect(scripts.every((tag) => /src=/.test(tag))).toBe(true);
  });

  it('should answer no cross-origin request when no CORS origin is configured', async () => {
    const running = await boot();
    const simple = await running.fetch('/auth/me', { headers: { origin: ALLOWED } });
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${running.url}/auth/me`, {
      method: 'OPTIONS',
      headers: { origin: ALLOWED, 'access-control-request-method': 'GET' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('should allow exactly the configured origins', async () => {
    const running = await boot({ CORS_ALLOWED_ORIGINS: ALLOWED });
    const preflight = await fetch(`${running.url}/auth/me`, {
      method: 'OPTIONS',
      headers: {
        origin: ALLOWED,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'x-api-key',
      },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-api-key');
    const other = await fetch(`${running.url}/auth/me`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('should ignore X-Forwarded-For unless the peer is a configured proxy', async () => {
    const clientIpOf = async (running: TestApp, requestId: string): Promise<string | null> => {
      await fetch(`${running.url}/instrument-sync`, {
        method: 'POST',
        headers: { 'x-forwarded-for': '203.0.113.9', 'x-request-id': requestId },
      });
      return vi.waitFor(
        async () => {
          const page = (await (await running.fetch(`/audit?requestId=${requestId}`)).json()) as {
            items: { clientIp: string | null }[];
          };
          expect(page.items).toHaveLength(1);
          return page.items[0]?.clientIp ?? null;
        },
        { timeout: 10_000, interval: 50 },
      );
    };
    expect(await clientIpOf(await boot({ AUDIT_FLUSH_INTERVAL_MS: '50' }), 'xff-untrusted')).toBe('127.0.0.1');
    await app?.close();
    expect(
      await clientIpOf(await boot({ AUDIT_FLUSH_INTERVAL_MS: '50', TRUST_PROXY: '127.0.0.1' }), 'xff-trusted'),
    ).toBe('203.0.113.9');
  });

  it('should not serve the docs when disabled, and refuse oversized bodies', async () => {
    const running = await boot({ API_DOCS_ENABLED: 'false', HTTP_BODY_LIMIT_BYTES: '2048' });
    expect((await fetch(`${running.url}/docs-json`)).status).toBe(404);
    expect((await fetch(`${running.url}/docs`)).status).toBe(404);
    const big = await running.fetch('/auth/api-keys', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x'.repeat(4096), scopes: ['ops'] }),
    });
    expect(big.status).toBe(413);
  });

  it('should accept the Prometheus scrape token on /metrics only', async () => {
    const token = 'scrape-token-abcdefghijklmnopqrstuvwxyz';
    const running = await boot({ METRICS_BEARER_TOKEN: token });
    const headers = { authorization: `Bearer ${token}` };
    const metrics = await fetch(`${running.url}/metrics`, { headers });
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('ticker_auth_attempts_total');
    expect((await fetch(`${running.url}/auth/me`, { headers })).status).toBe(401);
    expect((await fetch(`${running.url}/metrics`, { headers: { authorization: 'Bearer wrong-token' } })).status).toBe(
      401,
    );
  });
});
