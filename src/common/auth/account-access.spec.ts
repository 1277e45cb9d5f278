import { describe, expect, it } from 'vitest';
import { AccountNotAllowedError, assertAccountAccess } from './account-access.js';
import type { Principal } from './principal.js';

const principal = (accounts?: string[]): Principal => ({
  kind: 'api_key',
  id: 'key-1',
  name: 'desk',
  scopes: new Set(['orders:read']),
  ...(accounts ? { accounts: new Set(accounts) } : {}),
});

describe('assertAccountAccess', () => {
  it('should let a principal restricted to accounts use those accounts only', () => {
    expect(() => assertAccountAccess(principal(['primary']), 'primary')).not.toThrow();
    const error = (() => {
      try {
        assertAccountAccess(principal(['primary']), 'secondary');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(AccountNotAllowedError);
    expect(error).toMatchObject({
      kind: 'forbidden',
      code: 'ACCOUNT_NOT_ALLOWED',
      details: { accountId: 'secondary' },
    });
  });

  it('should let an unrestricted principal, or a request before authentication exists, use any account', () => {
    expect(() => assertAccountAccess(principal(), 'secondary')).not.toThrow();
    expect(() => assertAccountAccess(undefined, 'secondary')).not.toThrow();
  });

  it('should refuse everything to a principal restricted to no account', () => {
    expect(() => assertAccountAccess(principal([]), 'primary')).toThrow(AccountNotAllowedError);
  });
});
