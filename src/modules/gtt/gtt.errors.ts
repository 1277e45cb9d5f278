import { ConflictError, DomainError, type DomainErrorKind, InvalidInputError } from '../../common/errors/index.js';

export class InvalidIdempotencyKeyError extends InvalidInputError {
  constructor() {
    super(
      'INVALID_IDEMPOTENCY_KEY',
      'The Idempotency-Key header must be 1 to 255 printable ASCII characters without spaces',
      { field: 'Idempotency-Key', rule: 'printableAscii' },
    );
  }
}

/** The key was used before with a different request body. */
export class IdempotencyKeyReusedError extends DomainError {
  readonly kind: DomainErrorKind = 'rule_violation';
  constructor(key: string) {
    super(
      'IDEMPOTENCY_KEY_REUSED',
      `Idempotency-Key "${key}" was already used with a different request; use a new key for a new GTT`,
      { idempotencyKey: key },
    );
  }
}

export class IdempotencyRequestInProgressError extends ConflictError {
  constructor(key: string, retryAfterMs: number) {
    super('IDEMPOTENCY_REQUEST_IN_PROGRESS', `A request with Idempotency-Key "${key}" is still being processed`, {
      idempotencyKey: key,
      retryAfterMs,
    });
  }
}

/** An earlier attempt got no answer and no matching GTT is visible yet: retrying now could duplicate it. */
export class GttOutcomePendingError extends ConflictError {
  constructor(key: string, retryAfterMs: number) {
    super(
      'GTT_OUTCOME_PENDING',
      `The outcome of the placement with Idempotency-Key "${key}" is not known yet; retry after ${Math.ceil(retryAfterMs / 1000)} s`,
      { idempotencyKey: key, retryAfterMs },
    );
  }
}

/** Kite did not answer the placement: the GTT may exist. Retrying with the same key reconciles. */
export class GttOutcomeUnknownError extends DomainError {
  readonly kind: DomainErrorKind = 'timeout';
  constructor(key: string | undefined, cause: unknown) {
    super(
      'GTT_OUTCOME_UNKNOWN',
      key === undefined
        ? 'Kite did not answer the GTT placement; it may have been created (check GET /gtt before placing again)'
        : `Kite did not answer the GTT placement; retry with the same Idempotency-Key "${key}" to get its outcome`,
      { idempotencyKey: key ?? null, cause: cause instanceof DomainError ? cause.code : 'UNKNOWN' },
      { cause },
    );
  }
}

/** Kite has no last price for the instrument (not quoted, or expired today). */
export class GttNoLastPriceError extends DomainError {
  readonly kind: DomainErrorKind = 'rule_violation';
  constructor(instrument: string) {
    super('GTT_NO_LAST_PRICE', `Kite has no last price for ${instrument}`, { instrument });
  }
}
