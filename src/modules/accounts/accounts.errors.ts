import {
  ConflictError,
  DomainError,
  type DomainErrorKind,
  InvalidInputError,
  NotFoundError,
  ServiceUnavailableError,
} from '../../common/errors/index.js';

export class AccountNotFoundError extends NotFoundError {
  constructor(accountId: string) {
    super('ACCOUNT_NOT_FOUND', `No Kite account "${accountId}" is configured`, { accountId });
  }
}

export class AccountNeedsLoginError extends ServiceUnavailableError {
  constructor(accountId: string, reason: string | null) {
    super('ACCOUNT_NEEDS_LOGIN', `Kite account "${accountId}" needs a new login`, { accountId, reason });
  }
}

export class NoUsableAccountError extends ServiceUnavailableError {
  constructor(endpointClass: string, accounts: { id: string; status: string; breaker: string }[]) {
    super(
      'NO_USABLE_KITE_ACCOUNT',
      accounts.length === 0
        ? 'No Kite account is configured'
        : `No Kite account is logged in with a ${endpointClass} circuit breaker that admits calls`,
      { endpointClass, accounts },
    );
  }
}

export class LoginNotCompletedError extends InvalidInputError {
  constructor(accountId: string, status: string) {
    super('LOGIN_NOT_COMPLETED', `Kite login for "${accountId}" ended with status "${status}"`, { accountId, status });
  }
}

export class AccessTokenRejectedError extends DomainError {
  readonly kind: DomainErrorKind = 'rule_violation';
  constructor(accountId: string, kiteMessage: string) {
    super('ACCESS_TOKEN_REJECTED', `Kite rejected the access token for "${accountId}": ${kiteMessage}`, { accountId });
  }
}

export class LoginRejectedError extends DomainError {
  readonly kind: DomainErrorKind = 'rule_violation';
  constructor(accountId: string, kiteMessage: string) {
    super('LOGIN_REJECTED', `Kite refused the login for "${accountId}": ${kiteMessage}`, { accountId });
  }
}

/**
 * The login produced a session for another Kite user than the one configured for the account. Neither
 * user id is named: the response and the logs must not help anyone map accounts to Kite users.
 */
export class LoginUserMismatchError extends DomainError {
  readonly kind: DomainErrorKind = 'forbidden';
  constructor(accountId: string) {
    super(
      'LOGIN_USER_MISMATCH',
      `Login for "${accountId}" is for a different Kite user than the user_id configured for this account`,
      { accountId },
    );
  }
}

const RESTART_LOGIN = (accountId: string) => `start again from /accounts/${accountId}/login`;

/** The callback's state nonce was never issued for this account (or was evicted): possible login CSRF. */
export class LoginStateUnknownError extends DomainError {
  readonly kind: DomainErrorKind = 'forbidden';
  constructor(accountId: string) {
    super(
      'LOGIN_STATE_UNKNOWN',
      `The login callback for "${accountId}" carries a state this service did not issue for it; ${RESTART_LOGIN(accountId)}`,
      { accountId },
    );
  }
}

export class LoginStateExpiredError extends DomainError {
  readonly kind: DomainErrorKind = 'forbidden';
  constructor(accountId: string) {
    super(
      'LOGIN_STATE_EXPIRED',
      `The login for "${accountId}" took longer than KITE_LOGIN_STATE_TTL_MS; ${RESTART_LOGIN(accountId)}`,
      { accountId },
    );
  }
}

export class LoginStateReusedError extends DomainError {
  readonly kind: DomainErrorKind = 'forbidden';
  constructor(accountId: string) {
    super(
      'LOGIN_STATE_REUSED',
      `The login state for "${accountId}" was already used (each login completes once); ${RESTART_LOGIN(accountId)}`,
      { accountId },
    );
  }
}

export class AccountSecretUnavailableError extends ConflictError {
  constructor(accountId: string) {
    super('ACCOUNT_SECRET_UNAVAILABLE', `The stored API secret of "${accountId}" cannot be decrypted`, { accountId });
  }
}
