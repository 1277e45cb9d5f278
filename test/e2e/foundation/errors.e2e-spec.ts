import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProbeModule } from '../../support/probe.module.js';
import { bootTestApp, type TestApp } from '../../support/test-app.js';

interface Envelope {
  statusCode: number;
  code: string;
  details?: { field: string; rule: string; message: string }[];
}

describe('error envelope over HTTP', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await bootTestApp({ imports: [ProbeModule], env: { INSTRUMENT_SYNC_ON_START: 'false' } });
  });

  afterAll(async () => {
    await app?.close();
  });

  const get = async (path: string) => {
    const response = await app.fetch(path);
    return { status: response.status, headers: response.headers, body: (await response.json()) as Envelope };
  };

  it.each([502, 503, 504])(
    'should keep the status of an HttpException %i instead of collapsing it to 500',
    async (status) => {
      const { status: sent, body } = await get(`/__probe/status/${status}`);
      expect(sent).toBe(status);
      expect(body.statusCode).toBe(status);
    },
  );

  it('should tell the client when to come back with Retry-After on a 503 that knows', async () => {
    const { status, headers, body } = await get('/__probe/busy');
    expect(status).toBe(503);
    expect(headers.get('retry-after')).toBe('3');
    expect(body.code).toBe('PROBE_BUSY');
  });

  it.each([
    '/instruments?expiry=2026-02-30',
    '/option-chains/NIFTY?expiry=2026-02-30',
    '/instruments?expiry=2026-04-31',
  ])('should refuse an impossible date with a 400 naming the field (%s)', async (path) => {
    const { status, body } = await get(path);
    expect(status).toBe(400);
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.details).toContainEqual(expect.objectContaining({ field: 'expiry', rule: 'isIsoCalendarDate' }));
  });

  it('should accept an existing date', async () => {
    const { status } = await get('/instruments?expiry=2028-02-29');
    expect(status).toBe(200);
  });
});
