import { describe, expect, it } from 'vitest';
import { claimList, looksLikeJwt } from './jwt-verifier.js';

describe('JWT claim helpers', () => {
  it('should read a space-separated scope string, an array, and ignore anything else', () => {
    expect(claimList('market:read orders:read')).toEqual(['market:read', 'orders:read']);
    expect(claimList(['ops', 'market:read'])).toEqual(['ops', 'market:read']);
    expect(claimList('primary,secondary')).toEqual(['primary', 'secondary']);
    expect(claimList(['ops', 42, null])).toEqual(['ops']);
    expect(claimList(42)).toEqual([]);
    expect(claimList(undefined)).toEqual([]);
  });

  it('should recognise the compact JWS shape only', () => {
    expect(looksLikeJwt('eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln')).toBe(true);
    expect(looksLikeJwt('eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.')).toBe(true);
    expect(looksLikeJwt('tks_abc_def')).toBe(false);
    expect(looksLikeJwt('a.b')).toBe(false);
  });
});
