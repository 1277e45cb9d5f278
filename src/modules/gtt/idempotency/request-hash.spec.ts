import { describe, expect, it } from 'vitest';
import { canonicalJson, requestHash } from './request-hash.js';

describe('request hash', () => {
  it('should not depend on key order, at any depth', () => {
    const a = { account_id: 'primary', orders: [{ price: 1, quantity: 2 }], trigger_values: [1, 2] };
    const b = { trigger_values: [1, 2], orders: [{ quantity: 2, price: 1 }], account_id: 'primary' };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(requestHash('POST /gtt', a)).toBe(requestHash('POST /gtt', b));
  });

  it('should change with any value, array order or the operation', () => {
    const base = { trigger_values: [1, 2], last_price: 10 };
    const hash = requestHash('POST /gtt', base);
    expect(requestHash('POST /gtt', { ...base, last_price: 10.05 })).not.toBe(hash);
    expect(requestHash('POST /gtt', { ...base, trigger_values: [2, 1] })).not.toBe(hash);
    expect(requestHash('PUT /gtt', base)).not.toBe(hash);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('should ignore absent optional fields but not nulls', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
    expect(canonicalJson({ a: 1, b: null })).toBe('{"a":1,"b":null}');
  });
});
