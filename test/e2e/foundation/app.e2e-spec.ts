import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProbeModule } from '../../support/probe.module.js';
import { parsePrometheusText } from '../../support/prometheus-text.js';
import { ADMIN_HEADERS, bootTestApp, type TestApp } from '../../support/test-app.js';

describe('service foundation (real Postgres and Redis)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await bootTestApp({ imports: [ProbeModule] });
  });

  afterAll(async () => {
    await app?.close();
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${app.url}${path}`, { headers: { ...ADMIN_HEADERS, ...headers } });

  it('should answer liveness without touching dependencies', async () => {
    const response = await get('/health/live');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok' });
  });

  it('should report ready on exactly what it needs to serve its API: PostgreSQL and Redis', async () => {
    const response = await get('/health/ready');
    const body = (await response.json()) as { status: string; details: Record<string, Record<string, unknown>> };
    expect(response.status).toBe(200);
    expect(body.status).toBe('ok');
    expect(Object.keys(body.details).sort()).toEqual(['database', 'redis']);
    expect(body.details.database).toMatchObject({ status: 'up', mode: 'external' });
    expect(body.details.redis).toMatchObject({ status: 'up', mode: 'redis' });
  });

  it('should describe every dependency, the runtime and the instance in /health/details', async () => {
    const response = await get('/health/details');
    const body = (await response.json()) as {
      status: string;
      service: { runtime: { name: string; version: string }; version: string; instanceId: string };
      dependencies: Record<string, Record<string, unknown>>;
    };
    expect(response.status).toBe(200);
    expect(body.status).toBe('ok');
    expect(body.service.runtime).toEqual({ name: 'node', version: process.version });
    expect(body.service.runtime.version).toMatch(/^v24\./);
    expect(body.service.instanceId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.dependencies).toMatchObject({
      database: { status: 'up', requiredForReadiness: true },
      redis: { status: 'up', mode: 'redis', requiredForReadiness: true },
      bus: { status: 'up', mode: 'redis', connection: 'ready', requiredForReadiness: false },
    });
  });

  it('should echo an incoming x-request-id and generate one otherwise', async () => {
    const echoed = await get('/health/live', { 'x-request-id': 'client-req-123' });
    expect(echoed.headers.get('x-request-id')).toBe('client-req-123');
    const generated = await get('/health/live');
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const unsafe = await get('/health/live', { 'x-request-id': 'bad id\twith "quotes"' });
    expect(unsafe.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('should answer an unknown route with the 404 envelope', async () => {
    const response = await get('/no/such/route', { 'x-request-id': 'r-404' });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      statusCode: 404,
      code: 'NOT_FOUND',
      message: 'Cannot GET /no/such/route',
      requestId: 'r-404',
    });
  });

  it('should map a domain not-found error to 404 with its code', async () => {
    const response = await get('/__probe/missing');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 'WIDGET_NOT_FOUND', message: 'Widget 42 does not exist' });
  });

  it('should list every offending field and rule in a validation error', async () => {
    const response = await fetch(`${app.url}/__probe/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x', quantity: 0, extra: true }),
    });
    const body = (await response.json()) as { code: string; details: { field: string; rule: string }[] };
    expect(response.status).toBe(400);
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'name', rule: 'minLength' }),
        expect.objectContaining({ field: 'quantity', rule: 'min' }),
        expect.objectContaining({ field: 'extra', rule: 'whitelistValidation' }),
      ]),
    );
  });

  it('should reject malformed JSON with a 400 envelope', async () => {
    const response = await fetch(`${app.url}/__probe/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name": ',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ statusCode: 400, code: 'BAD_REQUEST' });
  });

  it('should hide internals of an unexpected error behind an error id', async () => {
    const response = await get('/__probe/boom', { 'x-request-id': 'r-500' });
    const text = await response.text();
    expect(response.status).toBe(500);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('at ');
    const body = JSON.parse(text) as Record<string, unknown>;
    expect(body).toMatchObject({ statusCode: 500, code: 'INTERNAL_ERROR', requestId: 'r-500' });
    expect(body.errorId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('should expose Prometheus text with default, HTTP, pool and Redis metrics', async () => {
    await get('/health/live');
    const response = await get('/metrics');
    expect(response.headers.get('content-type')).toContain('text/plain');
    const { samples, types } = parsePrometheusText(await response.text());
    const names = new Set(samples.map((s) => s.name));
    expect(names).toContain('process_cpu_user_seconds_total');
    expect(names).toContain('nodejs_eventloop_lag_seconds');
    expect(types.get('ticker_http_request_duration_seconds')).toBe('histogram');
    const liveBucket = samples.find(
      (s) => s.name === 'ticker_http_request_duration_seconds_count' && s.labels.route === '/health/live',
    );
    expect(liveBucket?.labels).toMatchObject({ method: 'GET', status_code: '200' });
    const routes = new Set(samples.filter((s) => s.labels.route !== undefined).map((s) => s.labels.route));
    expect([...routes].some((route) => route?.includes('no/such'))).toBe(false);
    for (const state of ['total', 'idle', 'waiting']) {
      expect(samples.some((s) => s.name === 'ticker_db_pool_connections' && s.labels.state === state)).toBe(true);
    }
    expect(samples.find((s) => s.name === 'ticker_redis_connection_state' && s.labels.state === 'ready')?.value).toBe(
      1,
    );
    expect([...names].some((name) => name.startsWith('ticker_greeks_'))).toBe(true);
    for (const name of names) {
      expect(name).toMatch(/^[a-z_][a-z0-9_]*$/);
    }
  });

  it('should serve a valid OpenAPI 3 document and the docs UI', async () => {
    const response = await get('/docs-json');
    const document = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/health/live', '/health/ready']));
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    const ui = await get('/docs');
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });
});
