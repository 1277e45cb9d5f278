import { describe, expect, it } from 'vitest';
import { isRetryableRead, isUpstreamFailure, KITE_HTTP_STATUS, toKiteError } from './kite-error-normaliser.js';
import {
  KiteDataError,
  KiteGeneralError,
  KiteInputError,
  KiteNetworkError,
  KiteOrderError,
  KitePermissionError,
  KiteRateLimitError,
  KiteTimeoutError,
  KiteTokenError,
} from './kite-errors.js';

const context = { accountId: 'primary', endpoint: 'quote' };
const body = (error_type: string, message: string, status?: number) => {
  const rejection = { status: 'error', error_type, message, data: null };
  if (status !== undefined) {
    Object.defineProperty(rejection, KITE_HTTP_STATUS, { value: status, enumerable: false });
  }
  return rejection;
};

describe('toKiteError', () => {
  it.each([
    ['TokenException', KiteTokenError],
    ['TwoFAException', KiteTokenError],
    ['InputException', KiteInputError],
    ['PermissionException', KitePermissionError],
    ['UserException', KitePermissionError],
    ['OrderException', KiteOrderError],
    ['MarginException', KiteOrderError],
    ['HoldingException', KiteOrderError],
    ['NetworkException', KiteNetworkError],
    ['DataException', KiteDataError],
    ['GeneralException', KiteGeneralError],
    ['SomethingNew', KiteGeneralError],
  ])('should map %s to its typed error', (type, expected) => {
    const error = toKiteError(body(type, 'why'), context);
    expect(error).toBeInstanceOf(expected);
    expect(error.errorType).toBe(type);
    expect(error.message).toBe('why');
    expect(error.details).toMatchObject(context);
  });

  it('should keep the HTTP status recorded on the body', () => {
    const error = toKiteError(body('InputException', 'bad', 400), context);
    expect(error.httpStatus).toBe(400);
  });

  it('should classify a 429 as rate limited whatever its error_type', () => {
    expect(toKiteError(body('NetworkException', 'Too many requests', 429), context)).toBeInstanceOf(KiteRateLimitError);
    expect(toKiteError(body('NetworkException', 'Too Many Requests'), context)).toBeInstanceOf(KiteRateLimitError);
  });

  it('should turn a client timeout into a timeout error and a reset into a network error', () => {
    const timeout = toKiteError(
      body('NetworkException', 'No response from server with error code: ECONNABORTED'),
      context,
    );
    expect(timeout).toBeInstanceOf(KiteTimeoutError);
    expect(timeout.kind).toBe('timeout');
    const reset = toKiteError(body('NetworkException', 'No response from server with error code: ECONNRESET'), context);
    expect(reset).toBeInstanceOf(KiteNetworkError);
    expect(reset).not.toBeInstanceOf(KiteTimeoutError);
  });

  it('should wrap non-Kite rejections as general errors and clip long messages', () => {
    expect(toKiteError(new Error('socket hang up'), context)).toBeInstanceOf(KiteGeneralError);
    expect(toKiteError(body('DataException', 'x'.repeat(5_000)), context).message.length).toBeLessThan(400);
  });
});

describe('isUpstreamFailure', () => {
  it('should count network, timeout, rate-limit, data and 5xx failures but not answers about the request', () => {
    const failures = [
      body('NetworkException', 'Bad Gateway'),
      body('NetworkException', 'No response from server with error code: ECONNABORTED'),
      body('NetworkException', 'Too many requests', 429),
      body('DataException', 'bad'),
      body('GeneralException', 'oops', 500),
    ];
    const answers = [
      body('TokenException', 'expired', 403),
      body('InputException', 'bad', 400),
      body('OrderException', 'rejected', 400),
      body('PermissionException', 'no', 403),
      body('GeneralException', 'not found', 404),
    ];
    expect(failures.map((f) => isUpstreamFailure(toKiteError(f, context)))).toEqual(failures.map(() => true));
    expect(answers.map((a) => isUpstreamFailure(toKiteError(a, context)))).toEqual(answers.map(() => false));
    expect(isRetryableRead(toKiteError(answers[1], context))).toBe(false);
    expect(isRetryableRead(new Error('not a kite error'))).toBe(false);
  });
});
