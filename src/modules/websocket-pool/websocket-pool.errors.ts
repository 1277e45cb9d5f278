import { InvalidInputError } from '../../common/errors/index.js';

const MAX_LISTED = 10;

export class InvalidInstrumentTokensError extends InvalidInputError {
  constructor(field: string, invalid: unknown[]) {
    super(
      'INVALID_INSTRUMENT_TOKENS',
      `${field} must be instrument tokens (integers from 1 to 4294967295); invalid: ${invalid
        .slice(0, MAX_LISTED)
        .map((v) => JSON.stringify(v))
        .join(', ')}`,
      { field, invalid: invalid.slice(0, MAX_LISTED), invalidCount: invalid.length },
    );
  }
}

export class InvalidTickModeError extends InvalidInputError {
  constructor(field: string, value: unknown) {
    super('INVALID_TICK_MODE', `${field} must be one of ltp, quote, full`, { field, value });
  }
}

export class InvalidOwnerError extends InvalidInputError {
  constructor(value: unknown) {
    super('INVALID_SUBSCRIPTION_OWNER', 'owner must be a non-empty string of at most 64 characters', { value });
  }
}
