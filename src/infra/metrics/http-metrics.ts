import { Injectable } from '@nestjs/common';
import { InjectMetric, makeHistogramProvider } from '@willsoto/nestjs-prometheus';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Histogram } from 'prom-client';

const HTTP_DURATION = 'ticker_http_request_duration_seconds';
const UNMATCHED_ROUTE = 'unmatched';
const NANOS_PER_SECOND = 1e9;
const startTimes = new WeakMap<FastifyRequest, bigint>();

export const httpDurationHistogram = makeHistogramProvider({
  name: HTTP_DURATION,
  help: 'HTTP request duration by method, route template and status code',
  labelNames: ['method', 'route', 'status_code'],
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
});

@Injectable()
export class HttpMetrics {
  constructor(@InjectMetric(HTTP_DURATION) private readonly duration: Histogram<string>) {}

  /** Labels by the route template (`/accounts/:id`), never the raw URL, to keep cardinality bounded. */
  attach(fastify: FastifyInstance): void {
    fastify.addHook('onRequest', (request, _reply, done) => {
      startTimes.set(request, process.hrtime.bigint());
      done();
    });
    fastify.addHook('onResponse', (request, reply, done) => {
      const started = startTimes.get(request);
      if (started !== undefined) {
        const seconds = Number(process.hrtime.bigint() - started) / NANOS_PER_SECOND;
        const route =
          reply.statusCode === 404 && !request.routeOptions.url ? UNMATCHED_ROUTE : request.routeOptions.url;
        this.duration.observe(
          { method: request.method, route: route ?? UNMATCHED_ROUTE, status_code: String(reply.statusCode) },
          seconds,
        );
      }
      done();
    });
  }
}
