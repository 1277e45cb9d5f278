import { randomUUID } from 'node:crypto';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PinoLogger } from 'nestjs-pino';
import { DomainError } from './domain-error.js';
import type { ErrorEnvelope } from './error-envelope.js';
import { httpStatusFor } from './http-status-for.js';

const CODE_BY_STATUS: Partial<Record<number, string>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  408: 'REQUEST_TIMEOUT',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE_ENTITY',
  429: 'TOO_MANY_REQUESTS',
  500: 'INTERNAL_ERROR',
  501: 'NOT_IMPLEMENTED',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
  504: 'GATEWAY_TIMEOUT',
};

/** Statuses whose Retry-After tells the client when to come back (RFC 9110 §10.2.3). */
const RETRYABLE_STATUSES = new Set<number>([HttpStatus.TOO_MANY_REQUESTS, HttpStatus.SERVICE_UNAVAILABLE]);
const MS_PER_SECOND = 1_000;

interface Reply {
  envelope: ErrorEnvelope;
  retryAfterMs?: number;
}

/** Fastify's own client errors (bad JSON, wrong content type, body too large) carry a 4xx statusCode. */
interface FastifyClientError {
  statusCode: number;
  code?: string;
  message: string;
}

const isFastifyClientError = (error: unknown): error is FastifyClientError =>
  error instanceof Error &&
  typeof (error as unknown as Partial<FastifyClientError>).statusCode === 'number' &&
  (error as unknown as FastifyClientError).statusCode >= 400 &&
  (error as unknown as FastifyClientError).statusCode < 500;

const messageOf = (exception: HttpException): string => {
  const body = exception.getResponse();
  if (typeof body === 'string') {
    return body;
  }
  const message = (body as { message?: unknown }).message;
  return typeof message === 'string' ? message : exception.message;
};

/** Maps every error to the one envelope; unknown errors become a 500 with an error id and no internals. */
@Catch()
export class GlobalExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: PinoLogger) {
    logger.setContext(GlobalExceptionFilter.name);
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { envelope, retryAfterMs } = this.toReply(exception, String(request.id));
    if (!reply.sent) {
      if (exception instanceof DomainError) {
        for (const [name, value] of Object.entries(exception.headers)) {
          void reply.header(name, value);
        }
      }
      if (retryAfterMs !== undefined && RETRYABLE_STATUSES.has(envelope.statusCode)) {
        void reply.header('retry-after', String(Math.max(0, Math.ceil(retryAfterMs / MS_PER_SECOND))));
      }
      void reply.status(envelope.statusCode).header('content-type', 'application/json; charset=utf-8').send(envelope);
    }
  }

  private toReply(exception: unknown, requestId: string): Reply {
    if (exception instanceof DomainError && exception.kind !== 'internal') {
      const statusCode: number = httpStatusFor(exception.kind);
      if (statusCode >= (HttpStatus.INTERNAL_SERVER_ERROR as number)) {
        this.logger.warn({ err: exception, code: exception.code }, 'Request failed: %s', exception.message);
      }
      return {
        envelope: {
          statusCode,
          code: exception.code,
          message: exception.message,
          details: exception.details,
          requestId,
        },
        retryAfterMs: exception.retryAfterMs,
      };
    }
    if (exception instanceof HttpException && exception.getStatus() !== (HttpStatus.INTERNAL_SERVER_ERROR as number)) {
      const statusCode = exception.getStatus();
      if (statusCode >= (HttpStatus.INTERNAL_SERVER_ERROR as number)) {
        this.logger.warn({ err: exception }, 'Request failed: %s', messageOf(exception));
      }
      return {
        envelope: {
          statusCode,
          code: CODE_BY_STATUS[statusCode] ?? (statusCode >= 500 ? 'SERVER_ERROR' : 'CLIENT_ERROR'),
          message: messageOf(exception),
          requestId,
        },
      };
    }
    if (isFastifyClientError(exception)) {
      const statusCode = exception.statusCode;
      return {
        envelope: {
          statusCode,
          code: CODE_BY_STATUS[statusCode] ?? 'CLIENT_ERROR',
          message: exception.message,
          requestId,
        },
      };
    }
    const errorId = randomUUID();
    this.logger.error({ err: exception, errorId }, 'Unhandled error while serving a request');
    return {
      envelope: {
        statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
        code: exception instanceof DomainError ? exception.code : 'INTERNAL_ERROR',
        message: 'An unexpected error occurred. Quote the errorId when reporting it.',
        requestId,
        errorId,
      },
    };
  }
}
