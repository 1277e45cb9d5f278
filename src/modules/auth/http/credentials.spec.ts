import { describe, expect, it } from 'vitest';
import { UnauthorizedError } from '../../../common/errors/index.js';
import { credentialFromHeaders, credentialFromWebSocketProtocols } from './credentials.js';

const KEY = `tks_abcdefghijkl_${'A'.repeat(43)}`;
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';

describe(credentialFromHeaders.name, () => {
  it('should take an API key from X-API-Key or from Authorization (Bearer or ApiKey)', () => {
    expect(credentialFromHeaders({ 'x-api-key': KEY })).toBe(KEY);
    expect(credentialFromHeaders({ authorization: `Bearer ${KEY}` })).toBe(KEY);
    expect(credentialFromHeaders({ authorization: `apikey ${KEY}` })).toBe(KEY);
    expect(credentialFromHeaders({ authorization: `Bearer ${JWT}` })).toBe(JWT);
  });

  it('should answer undefined when no credential is sent', () => {
    expect(credentialFromHeaders({})).toBeUndefined();
  });

  it.each([
    ['a Basic scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
    ['an empty bearer', { authorization: 'Bearer ' }],
    ['two different credentials', { 'x-api-key': KEY, authorization: `Bearer ${JWT}` }],
    ['a repeated header', { 'x-api-key': [KEY, KEY] }],
    ['an oversized credential', { 'x-api-key': 'x'.repeat(9_000) }],
  ])('should refuse %s', (_label, headers) => {
    expect(() => credentialFromHeaders(headers)).toThrow(UnauthorizedError);
  });
});

describe(credentialFromWebSocketProtocols.name, () => {
  it('should pick the API key or JWT among the offered protocols', () => {
    expect(credentialFromWebSocketProtocols(`ticker.v1, ${KEY}`)).toBe(KEY);
    expect(credentialFromWebSocketProtocols(['ticker.v1', JWT])).toBe(JWT);
    expect(credentialFromWebSocketProtocols('ticker.v1')).toBeUndefined();
    expect(credentialFromWebSocketProtocols(undefined)).toBeUndefined();
  });
});
