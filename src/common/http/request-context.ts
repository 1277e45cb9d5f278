import { AsyncLocalStorage } from 'node:async_hooks';
import { Logger } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

interface RequestContextStore {
  requestId: string;
}

/**
 * Carries the request id through every async continuation of a request, so each log line written while
 * serving it (by any service) carries `reqId`. One storage per process is the point of AsyncLocalStorage.
 */
export const requestContext = new AsyncLocalStorage<RequestContextStore>();

export const currentRequestId = (): string | undefined => requestContext.getStore()?.requestId;

const MS_DECIMALS = 1;
const QUIET_ROUTES = new Set(['/health/live', '/health/ready', '/metrics']);

/**
 * Enters the context at onRequest and again at preHandler: body parsing is event-driven and loses the
 * context for requests with a payload, so the handler gets it re-established after parsing.
 */
export const attachRequestContext = (fastify: FastifyInstance): void => {
  const logger = new Logger('HTTP');
  const enter = (request: FastifyRequest, _reply: FastifyReply, done: () => void) =>
    requestContext.run({ requestId: String(request.id) }, done);
  fastify.addHook('onRequest', enter);
  fastify.addHook('preHandler', enter);
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url;
    if (route === undefined || !QUIET_ROUTES.has(route)) {
      // The path only: query strings can carry request tokens and must not reach the logs.
      const entry = {
        reqId: String(request.id),
        method: request.method,
        route: route ?? 'unmatched',
        path: request.url.split('?')[0],
        statusCode: reply.statusCode,
        responseTimeMs: Number(reply.elapsedTime.toFixed(MS_DECIMALS)),
      };
      if (reply.statusCode >= 500) {
        logger.error(entry, 'request completed');
      } else if (reply.statusCode >= 400) {
        logger.warn(entry, 'request completed');
      } else {
        logger.log(entry, 'request completed');
      }
    }
    done();
  });
};
