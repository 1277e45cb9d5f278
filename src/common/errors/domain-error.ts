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
  | 'timeout'
  /** Our own fault (a bug, a broken invariant): a 500 with an error id; the message is not shown. */
  | 'internal';

export interface DomainErrorOptions {
  cause?: unknown;
  /** For 429 and 503: when a retry can succeed. Sent as the Retry-After header (whole seconds). */
  retryAfterMs?: number;
  /** Other HTTP response headers the error implies (WWW-Authenticate); ignored off HTTP. */
  headers?: Readonly<Record<string, string>>;
}

export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;
  readonly retryAfterMs: number | undefined;
  readonly headers: Readonly<Record<string, string>>;

  protected constructor(
    /** Stable, machine-readable code such as ACCOUNT_NOT_FOUND. */
    readonly code: string,
    message: string,
    readonly details?: unknown,
    options?: DomainErrorOptions,
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.retryAfterMs = options?.retryAfterMs;
    this.headers = options?.headers ?? {};
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
  constructor(code: string, message: string, details?: unknown, options?: DomainErrorOptions) {
    super(code, message, details, options);
  }
}

export class RateLimitedError extends DomainError {
  readonly kind = 'rate_limited';
  constructor(code: string, message: string, details?: unknown, options?: DomainErrorOptions) {
    super(code, message, details, options);
  }
}

/** Missing or bad credentials (401). `headers` carries the WWW-Authenticate challenge. */
export class UnauthorizedError extends DomainError {
  readonly kind = 'unauthorized';
  constructor(code: string, message: string, options?: DomainErrorOptions) {
    super(code, message, undefined, options);
  }
}

/** Authenticated, but not allowed (403). */
export class ForbiddenError extends DomainError {
  readonly kind = 'forbidden';
  constructor(code: string, message: string, details?: unknown, options?: DomainErrorOptions) {
    super(code, message, details, options);
  }
}

/** A failure of our own making, kept typed so it is logged with its cause and answered as a plain 500. */
export class InternalError extends DomainError {
  readonly kind = 'internal';
  constructor(code: string, message: string, options?: DomainErrorOptions) {
    super(code, message, undefined, options);
  }
}
