/**
 * What kind of failure a domain error is. The global filter maps kinds to HTTP statuses, so services,
 * schedulers and socket handlers throw these without knowing about HTTP.
 */
export type DomainErrorKind =
  | 'invalid'
  | 'not_found'
  | 'conflict'
  | 'forbidden'
  | 'unauthorized'
  | 'rule_violation'
  | 'rate_limited'
  | 'unavailable'
  | 'upstream_failure'
  | 'timeout';

export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;

  protected constructor(
    /** Stable, machine-readable code such as ACCOUNT_NOT_FOUND. */
    readonly code: string,
    message: string,
    readonly details?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  readonly kind = 'not_found';
  constructor(code: string, message: string, details?: unknown) {
    super(code, message, details);
  }
}

export class ConflictError extends DomainError {
  readonly kind = 'conflict';
  constructor(code: string, message: string, details?: unknown) {
    super(code, message, details);
  }
}

export class InvalidInputError extends DomainError {
  readonly kind = 'invalid';
  constructor(code: string, message: string, details?: unknown) {
    super(code, message, details);
  }
}

export class ServiceUnavailableError extends DomainError {
  readonly kind = 'unavailable';
  constructor(code: string, message: string, details?: unknown, options?: { cause?: unknown }) {
    super(code, message, details, options);
  }
}
