import { DomainError, type DomainErrorKind } from '../errors/domain-error.js';
import type { Principal } from './principal.js';

/** The credential is limited to other accounts (Principal.accounts). Same code as the auth guard's. */
export class AccountNotAllowedError extends DomainError {
  readonly kind: DomainErrorKind = 'forbidden';
  constructor(accountId: string) {
    super('ACCOUNT_NOT_ALLOWED', `This credential may not act on account ${accountId}`, { accountId });
  }
}

/**
 * For routes whose account comes from the query or the body. Throws 403 ACCOUNT_NOT_ALLOWED unless the principal may use `accountId`. A principal without an
 * account list may use every account; so may a request without a principal (only possible before the
 * global authentication guard is installed, or on public routes, which never reach account data).
 */
export const assertAccountAccess = (principal: Principal | undefined, accountId: string): void => {
  if (principal?.accounts !== undefined && !principal.accounts.has(accountId)) {
    throw new AccountNotAllowedError(accountId);
  }
};
