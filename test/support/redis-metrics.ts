import { Counter, Gauge, Registry } from 'prom-client';
import { RedisMetrics } from '../../src/infra/redis/redis.metrics.js';

/** RedisMetrics on a private registry, so specs never collide with the global one. */
export const isolatedRedisMetrics = (): RedisMetrics => {
  const registers = [new Registry()];
  const counter = (name: string) => new Counter({ name, help: name, registers });
  return new RedisMetrics(
    new Gauge({ name: 'state', help: 'state', labelNames: ['state'], registers }),
    counter('published'),
    counter('dropped'),
    counter('publish_errors'),
    counter('handler_errors'),
  );
};
