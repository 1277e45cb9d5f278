import { Injectable } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { RateLimitedError } from '../../common/errors/index.js';
import { AppConfig } from '../../config/index.js';
import { AuthMetrics } from './auth.metrics.js';

const MS_PER_SECOND = 1_000;

interface LimitResult {
  isAllowed: boolean;
  remaining?: number;
  ttlInSeconds?: number;
}
type Limiter = (request: unknown, options?: { increment: boolean }) => Promise<LimitResult>;

/**
 * Per-IP limit on failed credential checks, far stricter than the request limits: after `max` failures
 * within the window, further attempts from that address get 429 until the window ends. It shares the
 * @fastify/rate-limit store (Redis when configured), so every replica sees every failure.
 */
@Injectable()
export class AuthFailureLimiter {
  private limiter: Limiter | undefined;

  constructor(
    private readonly config: AppConfig,
    private readonly metrics: AuthMetrics,
  ) {}

  /** Called once @fastify/rate-limit is registered on the server. */
  bind(fastify: FastifyInstance): void {
    const { max, windowMs } = this.config.get('auth').failureLimit;
    const create = (fastify as unknown as { createRateLimit: (options: object) => Limiter }).createRateLimit;
    this.limiter = create({
      max,
      timeWindow: windowMs,
      keyGenerator: (request: { ip: string }) => `auth-failure:${request.ip}`,
    });
  }

  /** Throws 429 when this address has used up its failures. */
  async assertNotBlocked(ip: string): Promise<void> {
    const result = await this.limiter?.(this.pseudoRequest(ip), { increment: false });
    if (result !== undefined && !result.isAllowed && result.remaining === 0) {
      this.metrics.limited('auth_failure');
      const retryAfter = Math.max(1, result.ttlInSeconds ?? 1);
      throw new RateLimitedError(
        'AUTH_FAILURES_LIMITED',
        `Too many failed authentication attempts from this address; retry in ${retryAfter} s`,
        { retryAfterSeconds: retryAfter },
        { retryAfterMs: retryAfter * MS_PER_SECOND },
      );
    }
  }

  async recordFailure(ip: string): Promise<void> {
    await this.limiter?.(this.pseudoRequest(ip));
  }

  // The limiter reads only the key generator's input and the route's rate-limit group.
  private pseudoRequest(ip: string): object {
    return { ip, routeOptions: { config: {} } };
  }
}
