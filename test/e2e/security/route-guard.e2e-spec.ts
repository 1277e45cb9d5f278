import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCOPES, type Scope } from '../../../src/common/auth/index.js';
import { HttpSecurity } from '../../../src/modules/auth/index.js';
import { buildOpenApiDocument } from '../../../src/openapi.js';
import { bootTestApp, type TestApp } from '../../support/test-app.js';
import { createKey, type Envelope, withKey } from './support.js';

interface Route {
  method: string;
  /** Fastify form: /accounts/:id */
  path: string;
  public?: string;
  scopes?: Scope[];
}

/** Routes outside the Nest controllers that are public by design: Swagger UI and the OpenAPI document. */
const PUBLIC_NON_API_ROUTE = /^\/docs(-json|-yaml|\/.*)?$/;
const SAMPLE_PARAMS: Record<string, string> = { id: 'primary', token: '256265', underlying: 'NIFTY' };
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

const concrete = (path: string): string =>
  path.replace(/:(\w+)/g, (_m, name: string) => SAMPLE_PARAMS[name] ?? 'x').replace(/\*$/, 'x');

/**
 * Every route the server has — from the OpenAPI document and from Fastify's own route table, so a route
 * left out of OpenAPI is still tried — must refuse a request without credentials and one whose credential
 * lacks the route's scope, unless it is declared public. A new unguarded route fails here.
 */
describe('every route is authenticated and scoped', () => {
  let app: TestApp;
  let routes: Route[];
  const keysLacking = new Map<string, string>();

  beforeAll(async () => {
    app = await bootTestApp();
    const document = buildOpenApiDocument(app.service.app);
    const documented = Object.entries(document.paths).flatMap(([path, item]) =>
      HTTP_METHODS.flatMap((method) => {
        const operation = (item as Record<string, Record<string, unknown> | undefined>)[method];
        return operation === undefined
          ? []
          : [
              {
                method: method.toUpperCase(),
                path: path.replace(/\{(\w+)\}/g, ':$1'),
                public: operation['x-public'] as string | undefined,
                scopes: operation['x-required-scopes'] as Scope[] | undefined,
              },
            ];
      }),
    );
    const known = new Map(documented.map((r) => [`${r.method} ${r.path}`, r]));
    // Fastify answers HEAD with the GET handler (and its guard): a HEAD route has its GET's rule.
    const undocumented = app.service.app
      .get(HttpSecurity)
      .registeredRoutes()
      .filter((r) => r.method !== 'OPTIONS' && !known.has(`${r.method} ${r.url}`))
      .map((r) => {
        const get = r.method === 'HEAD' ? known.get(`GET ${r.url}`) : undefined;
        return { method: r.method, path: r.url, public: get?.public, scopes: get?.scopes };
      });
    routes = [...documented, ...undocumented];
  });

  afterAll(async () => {
    await app?.close();
  });

  const keyLacking = async (scopes: readonly Scope[]): Promise<string | undefined> => {
    const others = SCOPES.filter((scope) => !scopes.includes(scope));
    if (others.length === 0) {
      return undefined;
    }
    const cacheKey = others.join(',');
    if (!keysLacking.has(cacheKey)) {
      keysLacking.set(cacheKey, (await createKey(app, { scopes: others })).key);
    }
    return keysLacking.get(cacheKey);
  };

  it('should find the documented API routes and the server-only ones', () => {
    const names = routes.map((r) => `${r.method} ${r.path}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'GET /accounts',
        'PUT /accounts/:id/token',
        'POST /instrument-sync',
        'GET /metrics',
        'POST /auth/api-keys',
        'GET /audit',
        'GET /health/live',
        'HEAD /accounts',
      ]),
    );
    expect(routes.length).toBeGreaterThan(20);
  });

  it('should declare a rule for every route in the OpenAPI document', () => {
    const documented = routes.filter((r) => r.public !== undefined || r.scopes !== undefined);
    const undocumentedApi = routes.filter(
      (r) => r.public === undefined && r.scopes === undefined && !PUBLIC_NON_API_ROUTE.test(r.path),
    );
    expect(undocumentedApi.map((r) => `${r.method} ${r.path}`)).toEqual([]);
    expect(documented.every((r) => r.public !== undefined || (r.scopes ?? []).length > 0)).toBe(true);
  });

  it('should answer 401 with a WWW-Authenticate challenge to every non-public route called without credentials', async () => {
    const open: string[] = [];
    for (const route of routes) {
      if (route.public !== undefined || PUBLIC_NON_API_ROUTE.test(route.path)) {
        continue;
      }
      const response = await fetch(`${app.url}${concrete(route.path)}`, { method: route.method });
      if (response.status !== 401) {
        open.push(`${route.method} ${route.path} -> ${response.status}`);
        continue;
      }
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="ticker-service", ApiKey realm=/);
      if (route.method !== 'HEAD') {
        expect((await response.json()) as Envelope).toMatchObject({ statusCode: 401, code: 'AUTH_REQUIRED' });
      }
    }
    expect(open).toEqual([]);
  });

  it('should answer 403 naming the scope when the credential lacks it', async () => {
    const wrong: string[] = [];
    const untestable: string[] = [];
    for (const route of routes) {
      if (route.scopes === undefined) {
        continue;
      }
      const key = await keyLacking(route.scopes);
      if (key === undefined) {
        untestable.push(`${route.method} ${route.path}`);
        continue;
      }
      const response = await fetch(`${app.url}${concrete(route.path)}`, withKey(key, { method: route.method }));
      if (response.status !== 403) {
        wrong.push(`${route.method} ${route.path} -> ${response.status}`);
        continue;
      }
      expect(response.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
      if (route.method === 'HEAD') {
        continue;
      }
      const body = (await response.json()) as Envelope;
      expect(body.code).toBe('INSUFFICIENT_SCOPE');
      for (const scope of route.scopes) {
        expect(body.message).toContain(scope);
      }
    }
    expect(wrong).toEqual([]);
    // Only "who am I" accepts any scope at all: no credential can lack it.
    expect(untestable.sort()).toEqual(['GET /auth/me', 'HEAD /auth/me']);
  });

  it('should serve the declared public routes without credentials', async () => {
    const publicRoutes = routes.filter((r) => r.public !== undefined && r.method === 'GET');
    expect(publicRoutes.map((r) => r.path).sort()).toEqual([
      '/accounts/:id/login/callback',
      '/health/live',
      '/health/ready',
    ]);
    expect((await fetch(`${app.url}/health/live`)).status).toBe(200);
    expect((await fetch(`${app.url}/docs-json`)).status).toBe(200);
  });

  it('should describe security in the OpenAPI document: both schemes, each operation its scopes or public', () => {
    const document = buildOpenApiDocument(app.service.app);
    expect(Object.keys(document.components?.securitySchemes ?? {}).sort()).toEqual(['ApiKey', 'bearer']);
    const live = document.paths['/health/live']?.get as unknown as Record<string, unknown>;
    expect(live.security).toEqual([]);
    expect(live['x-public']).toMatch(/liveness/);
    const token = document.paths['/accounts/{id}/token']?.put as unknown as Record<string, unknown>;
    expect(token['x-required-scopes']).toEqual(['accounts:admin']);
    expect(token.description).toContain('`accounts:admin`');
    expect(Object.keys(token.responses as object)).toEqual(expect.arrayContaining(['401', '403', '429']));
  });
});
