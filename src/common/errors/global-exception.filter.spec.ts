import {
  type ArgumentsHost,
  BadGatewayException,
  GatewayTimeoutException,
  HttpException,
  HttpStatus,
  ServiceUnavailableException,
} from '@nestjs/common';
import type { PinoLogger } from 'nestjs-pino';
import { describe, expect, it } from 'vitest';
import { GreeksQueueFullError, GreeksWorkerError } from '../../modules/greeks/greeks-pool.js';
import { GreeksBatchTooLargeError } from '../../modules/greeks/greeks.service.js';
import {
  ForbiddenError,
  InternalError,
  RateLimitedError,
  ServiceUnavailableError,
  UnauthorizedError,
} from './domain-error.js';
import type { ErrorEnvelope } from './error-envelope.js';
import { GlobalExceptionFilter } from './global-exception.filter.js';

interface Captured {
  status: number;
  headers: Record<string, string>;
  body: ErrorEnvelope;
}

const logged: unknown[] = [];
const logger = {
  setContext: () => undefined,
  warn: (...args: unknown[]) => logged.push(args),
  error: (...args: unknown[]) => logged.push(args),
} as unknown as PinoLogger;

/** Runs the filter against a minimal Fastify reply and returns what it sent. */
const send = (exception: unknown): Captured => {
  const captured: Captured = { status: 0, headers: {}, body: undefined as unknown as ErrorEnvelope };
  const reply = {
    sent: false,
    status(code: number) {
      captured.status = code;
      return reply;
    },
    header(name: string, value: string) {
      captured.headers[name.toLowerCase()] = value;
      return reply;
    },
    send(body: ErrorEnvelope) {
      captured.body = body;
      return reply;
    },
  };
  const host = {
    switchToHttp: () => ({ getRequest: () => ({ id: 'req-1' }), getResponse: () => reply }),
  } as unknown as ArgumentsHost;
  new GlobalExceptionFilter(logger).catch(exception, host);
  return captured;
};

describe(GlobalExceptionFilter.name, () => {
  it.each([
    [new BadGatewayException('upstream broke'), 502, 'BAD_GATEWAY'],
    [new ServiceUnavailableException('draining'), 503, 'SERVICE_UNAVAILABLE'],
    [new GatewayTimeoutException('upstream slow'), 504, 'GATEWAY_TIMEOUT'],
    [new HttpException('not done', HttpStatus.NOT_IMPLEMENTED), 501, 'NOT_IMPLEMENTED'],
  ])('should keep the status of an HttpException of 500 or more (%s)', (exception, status, code) => {
    const { status: sent, body } = send(exception);
    expect(sent).toBe(status);
    expect(body).toMatchObject({ statusCode: status, code, message: exception.message, requestId: 'req-1' });
  });

  it('should send Retry-After in whole seconds (rounded up) for a 503 that knows when to retry', () => {
    const { status, headers } = send(
      new ServiceUnavailableError('BUSY', 'Try later', undefined, { retryAfterMs: 2_001 }),
    );
    expect(status).toBe(503);
    expect(headers['retry-after']).toBe('3');
  });

  it('should send Retry-After for a 429 that knows when to retry', () => {
    const { status, headers } = send(new RateLimitedError('SLOW_DOWN', 'Too fast', undefined, { retryAfterMs: 1_000 }));
    expect(status).toBe(429);
    expect(headers['retry-after']).toBe('1');
  });

  it('should send the headers an error carries, such as the WWW-Authenticate challenge of a 401 or 403', () => {
    const challenge = 'Bearer realm="ticker-service", ApiKey realm="ticker-service", header="X-API-Key"';
    const unauthorized = send(
      new UnauthorizedError('AUTH_REQUIRED', 'Authentication required', { headers: { 'www-authenticate': challenge } }),
    );
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers['www-authenticate']).toBe(challenge);
    expect(unauthorized.body).toMatchObject({ code: 'AUTH_REQUIRED', requestId: 'req-1' });
    const forbidden = send(new ForbiddenError('INSUFFICIENT_SCOPE', 'This operation requires scope ops'));
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers['www-authenticate']).toBeUndefined();
  });

  it('should send no Retry-After when the error does not know when to retry', () => {
    expect(send(new ServiceUnavailableError('DOWN', 'Down')).headers['retry-after']).toBeUndefined();
  });

  it('should map Greeks errors to typed 4xx, 503 and 500 envelopes', () => {
    expect(send(new GreeksBatchTooLargeError(2_000, 1_000))).toMatchObject({
      status: 400,
      body: { code: 'GREEKS_BATCH_TOO_LARGE', details: { count: 2_000, max: 1_000 } },
    });
    expect(send(new GreeksQueueFullError(4))).toMatchObject({
      status: 503,
      body: { code: 'GREEKS_QUEUE_FULL', details: { inFlight: 4 } },
    });
    const crashed = send(new GreeksWorkerError('worker 2 exited with code 134 at /srv/app/dist/worker.js'));
    expect(crashed.status).toBe(500);
    expect(crashed.body.code).toBe('GREEKS_WORKER_FAILED');
    expect(crashed.body.errorId).toEqual(expect.any(String));
    expect(JSON.stringify(crashed.body)).not.toContain('/srv/app');
  });

  it('should answer an internal domain error as a 500 with an error id and no internals', () => {
    const { status, body } = send(new InternalError('KITE_CLIENT_INTERNAL_ERROR', 'secret internals here'));
    expect(status).toBe(500);
    expect(body.code).toBe('KITE_CLIENT_INTERNAL_ERROR');
    expect(body.message).not.toContain('secret internals');
  });
});
