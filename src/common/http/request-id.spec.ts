import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { assignRequestId, REQUEST_ID_HEADER } from './request-id.js';

const request = (id?: string | string[]): IncomingMessage =>
  ({ headers: id === undefined ? {} : { [REQUEST_ID_HEADER]: id } }) as unknown as IncomingMessage;

describe(assignRequestId.name, () => {
  it('should keep a safe incoming id and mirror it on the raw request', () => {
    const req = request('abc-123:trace/1');
    expect(assignRequestId(req)).toBe('abc-123:trace/1');
    expect(req.headers[REQUEST_ID_HEADER]).toBe('abc-123:trace/1');
  });

  it.each([['has space'], ['x'.repeat(129)], ['quote"d'], ['new\nline']])('should replace unsafe id %j', (id) => {
    expect(assignRequestId(request(id))).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('should generate an id when none is sent and take the first of repeated headers', () => {
    expect(assignRequestId(request())).toMatch(/^[0-9a-f-]{36}$/);
    expect(assignRequestId(request(['first', 'second']))).toBe('first');
  });
});
