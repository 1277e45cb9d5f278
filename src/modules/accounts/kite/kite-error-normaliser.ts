import {
  KiteDataError,
  KiteError,
  type KiteErrorContext,
  type KiteErrorDetails,
  KiteGeneralError,
  KiteInputError,
  KiteNetworkError,
  KiteOrderError,
  KitePermissionError,
  KiteRateLimitError,
  KiteTimeoutError,
  KiteTokenError,
} from './kite-errors.js';

/** Set by our axios transform on Kite error bodies, because the client drops the HTTP status. */
export const KITE_HTTP_STATUS = Symbol('kiteHttpStatus');

const MAX_MESSAGE_LENGTH = 300;
const HTTP_TOO_MANY_REQUESTS = 429;
const NO_RESPONSE_PREFIX = 'No response from server with error code: ';
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT']);

interface KiteRejection {
  error_type: string;
  message?: unknown;
  [KITE_HTTP_STATUS]?: number;
}

export const isKiteRejection = (value: unknown): value is KiteRejection =>
  typeof value === 'object' && value !== null && typeof (value as { error_type?: unknown }).error_type === 'string';

const clip = (message: string): string =>
  message.length > MAX_MESSAGE_LENGTH ? `${message.slice(0, MAX_MESSAGE_LENGTH)}…` : message;

const fromKiteBody = (body: KiteRejection, context: KiteErrorContext): KiteError => {
  const message = clip(typeof body.message === 'string' && body.message !== '' ? body.message : body.error_type);
  const httpStatus = body[KITE_HTTP_STATUS];
  const details: KiteErrorDetails = { ...context, errorType: body.error_type, ...(httpStatus ? { httpStatus } : {}) };
  if (httpStatus === HTTP_TOO_MANY_REQUESTS || /too many requests/i.test(message)) {
    return new KiteRateLimitError(message, details);
  }
  switch (body.error_type) {
    case 'TokenException':
    case 'TwoFAException':
      return new KiteTokenError(message, details);
    case 'InputException':
      return new KiteInputError(message, details);
    case 'PermissionException':
    case 'PermissionError':
    case 'UserException':
      return new KitePermissionError(message, details);
    case 'OrderException':
    case 'MarginException':
    case 'HoldingException':
      return new KiteOrderError(message, details);
    case 'NetworkException':
      return fromNetworkMessage(message, details);
    case 'DataException':
      return new KiteDataError(message, details);
    default:
      return new KiteGeneralError(message, details);
  }
};

const fromNetworkMessage = (message: string, details: KiteErrorDetails): KiteError => {
  const code = message.startsWith(NO_RESPONSE_PREFIX) ? message.slice(NO_RESPONSE_PREFIX.length).trim() : undefined;
  return code !== undefined && TIMEOUT_CODES.has(code)
    ? new KiteTimeoutError(`No response from Kite within the request timeout (${code})`, details)
    : new KiteNetworkError(message, details);
};

/**
 * The kiteconnect client rejects with plain objects ({error_type, message}), never Errors, and loses the
 * HTTP status. This turns whatever it rejected with into one of our typed errors.
 */
export const toKiteError = (rejection: unknown, context: KiteErrorContext): KiteError => {
  if (rejection instanceof KiteError) {
    return rejection;
  }
  if (isKiteRejection(rejection)) {
    return fromKiteBody(rejection, context);
  }
  const message = rejection instanceof Error ? rejection.message : String(rejection);
  return new KiteGeneralError(clip(message), { ...context, errorType: 'GeneralException' });
};

/** Whether a failure says Kite (or the path to it) is unhealthy or busy: worth retrying for a read. */
export const isUpstreamFailure = (error: KiteError): boolean =>
  error instanceof KiteNetworkError ||
  error instanceof KiteRateLimitError ||
  error instanceof KiteDataError ||
  (error instanceof KiteGeneralError && (error.httpStatus === undefined || error.httpStatus >= 500));

/** Safe to repeat for an idempotent read. Orders are never retried, whatever this says. */
export const isRetryableRead = (error: unknown): boolean => error instanceof KiteError && isUpstreamFailure(error);

/**
 * What a circuit breaker counts: Kite (or the path to it) failing. A 429 is not a failure of Kite: it
 * says we went too fast, which pacing handles; counting it would let a quote burst open a breaker.
 */
export const isBreakerFailure = (error: unknown): boolean =>
  error instanceof KiteError && isUpstreamFailure(error) && !(error instanceof KiteRateLimitError);
