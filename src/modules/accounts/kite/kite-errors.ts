import { DomainError, type DomainErrorKind, type DomainErrorOptions } from '../../../common/errors/index.js';

/** Where a Kite error came from; never carries credentials. */
export interface KiteErrorContext {
  accountId?: string;
  endpoint?: string;
}

export interface KiteErrorDetails extends KiteErrorContext {
  /** Kite's error_type as received (e.g. "TokenException"), or ours for local failures. */
  errorType: string;
  /** The HTTP status Kite answered with, when there was an answer and it is known. */
  httpStatus?: number;
}

/** Every failure of a Kite REST call, typed by what the caller should do about it. */
export abstract class KiteError extends DomainError {
  declare readonly details: KiteErrorDetails;

  constructor(code: string, message: string, details: KiteErrorDetails, options?: DomainErrorOptions) {
    super(code, message, details, options);
  }

  get errorType(): string {
    return this.details.errorType;
  }

  get httpStatus(): number | undefined {
    return this.details.httpStatus;
  }
}

/** Session expired or invalid: the account needs a new login. */
export class KiteTokenError extends KiteError {
  readonly kind: DomainErrorKind = 'unavailable';
  constructor(message: string, details: KiteErrorDetails) {
    super('KITE_TOKEN_INVALID', message, details);
  }
}

export class KiteInputError extends KiteError {
  readonly kind: DomainErrorKind = 'invalid';
  constructor(message: string, details: KiteErrorDetails) {
    super('KITE_INPUT_REJECTED', message, details);
  }
}

export class KitePermissionError extends KiteError {
  readonly kind: DomainErrorKind = 'forbidden';
  constructor(message: string, details: KiteErrorDetails) {
    super('KITE_PERMISSION_DENIED', message, details);
  }
}

/** Order, margin or holding rules refused the request. */
export class KiteOrderError extends KiteError {
  readonly kind: DomainErrorKind = 'rule_violation';
  constructor(message: string, details: KiteErrorDetails) {
    super('KITE_ORDER_REJECTED', message, details);
  }
}

export class KiteRateLimitError extends KiteError {
  readonly kind: DomainErrorKind = 'rate_limited';
  constructor(message: string, details: KiteErrorDetails, options?: DomainErrorOptions) {
    super('KITE_RATE_LIMITED', message, details, options);
  }

  /** The same answer, with when pacing will have made room again. */
  withRetryAfter(retryAfterMs: number): KiteRateLimitError {
    return new KiteRateLimitError(this.message, this.details, { retryAfterMs });
  }
}

/** No usable answer: connection refused or reset, 5xx without a Kite body, gateway errors. */
export class KiteNetworkError extends KiteError {
  readonly kind: DomainErrorKind = 'upstream_failure';
  constructor(message: string, details: KiteErrorDetails, code = 'KITE_NETWORK_ERROR') {
    super(code, message, details);
  }
}

/** The request got no answer within the timeout. It may still have been executed by Kite. */
export class KiteTimeoutError extends KiteNetworkError {
  override readonly kind: DomainErrorKind = 'timeout';
  constructor(message: string, details: KiteErrorDetails) {
    super(message, details, 'KITE_TIMEOUT');
  }
}

/** Kite answered with something we cannot use (unknown content type, malformed payload). */
export class KiteDataError extends KiteError {
  readonly kind: DomainErrorKind = 'upstream_failure';
  constructor(message: string, details: KiteErrorDetails) {
    super('KITE_BAD_DATA', message, details);
  }
}

export class KiteGeneralError extends KiteError {
  readonly kind: DomainErrorKind = 'upstream_failure';
  constructor(message: string, details: KiteErrorDetails) {
    super('KITE_GENERAL_ERROR', message, details);
  }
}

/** Our circuit breaker refused the call: Kite has been failing for this account and kind of call. */
export class KiteCircuitOpenError extends KiteError {
  readonly kind: DomainErrorKind = 'unavailable';
  constructor(details: KiteErrorDetails & { endpointClass: string; retryAfterMs: number }) {
    super(
      'KITE_CIRCUIT_OPEN',
      `Kite ${details.endpointClass} calls for account ${details.accountId ?? '?'} are paused after repeated failures`,
      details,
      { retryAfterMs: details.retryAfterMs },
    );
  }
}

/**
 * Local back-pressure: the account's call slots or the API key's rate-limit queue is full, or a caller
 * waited longer than allowed. Never raised for anything else.
 */
export class KiteBackpressureError extends KiteError {
  readonly kind: DomainErrorKind = 'unavailable';
  constructor(message: string, details: KiteErrorDetails & { reason: string }, retryAfterMs: number) {
    super('KITE_BACKPRESSURE', message, details, { retryAfterMs });
  }
}

/** The service is shutting down: calls not yet sent are refused; another instance can take them. */
export class KiteShuttingDownError extends KiteError {
  readonly kind: DomainErrorKind = 'unavailable';
  constructor(details: KiteErrorDetails, retryAfterMs: number) {
    super('SERVICE_SHUTTING_DOWN', 'The service is shutting down; retry on another instance', details, {
      retryAfterMs,
    });
  }
}

/** Our own code failed around a Kite call (not Kite, not back-pressure). Answered as a 500 with an error id. */
export class KiteClientInternalError extends KiteError {
  readonly kind: DomainErrorKind = 'internal';
  constructor(details: KiteErrorDetails, cause: unknown) {
    super('KITE_CLIENT_INTERNAL_ERROR', 'Internal error around a Kite call', details, { cause });
  }
}
