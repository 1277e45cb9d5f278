import { createHash, timingSafeEqual } from 'node:crypto';
import fastifyCors from '@fastify/cors';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import { RateLimitedError } from '../../../common/errors/index.js';
import { REQUEST_ID_HEADER } from '../../../common/http/request-id.js';
import { AppConfig } from '../../../config/index.js';
import { AuthFailureLimiter } from '../auth-failure-limiter.js';
import { AuthMetrics } from '../auth.metrics.js';
import { AuthService } from '../auth.service.js';
import { LocalDemoPolicy } from '../local-demo.policy.js';
import { API_KEY_HEADER, credentialFromHeaders } from './credentials.js';
import '../../../common/auth/request-state.js';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();
const RATE_LIMIT_HEADERS = ['retry-after', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'];
const CORS_MAX_AGE_S = 600;
const MS_PER_SECOND = 1_000;

/** Swagger UI needs inline styles and data: images; the future same-origin pages need nothing more. */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'", 'data:'],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  // TLS ends at the proxy; upgrading would break the plain-HTTP demo on 127.0.0.1.
  upgradeInsecureRequests: null,
};

/**
 * Transport hygiene and authentication on the Fastify server: security headers, CORS (only when an
 * allow-list is configured), inbound rate limits (per credential, per IP; Redis-backed when REDIS_URL is
 * set so replicas share them) and the onRequest hook that authenticates every request for the guard.
 */
@Injectable()
export class HttpSecurity implements OnApplicationShutdown {
  private redis: Redis | undefined;
  private readonly routes: { method: string; url: string }[] = [];

  constructor(
    private readonly config: AppConfig,
    private readonly auth: AuthService,
    private readonly failures: AuthFailureLimiter,
    private readonly localDemo: LocalDemoPolicy,
    private readonly metrics: AuthMetrics,
  ) {}

  /** Every route registered on the server (tests check each one is guarded or declared public). */
  registeredRoutes(): readonly { method: string; url: string }[] {
    return this.routes;
  }

  async attach(app: NestFastifyApplication): Promise<void> {
    const fastify = app.getHttpAdapter().getInstance();
    fastify.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) {
        this.routes.push({ method, url: route.url });
      }
    });
    await app.register(fastifyHelmet, { contentSecurityPolicy: { directives: CONTENT_SECURITY_POLICY } });
    const origins = this.config.get('security').corsAllowedOrigins;
    if (origins.length > 0) {
      await app.register(fastifyCors, {
        origin: origins,
        credentials: false,
        methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
        allowedHeaders: ['authorization', API_KEY_HEADER, 'content-type', 'idempotency-key', REQUEST_ID_HEADER],
        exposedHeaders: [REQUEST_ID_HEADER, ...RATE_LIMIT_HEADERS],
        maxAge: CORS_MAX_AGE_S,
      });
    }
    await this.registerRateLimit(app);
    this.failures.bind(fastify);
    fastify.addHook('onRequest', async (request) => this.authenticate(request));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit().catch(() => this.redis?.disconnect());
  }

  private async authenticate(request: FastifyRequest): Promise<void> {
    try {
      const credential = credentialFromHeaders(request.headers);
      if (credential === undefined) {
        request.principal = this.localDemo.principalFor(request);
        if (request.principal !== undefined) {
          this.metrics.attempt('local_demo', 'ok');
        }
        return;
      }
      if (this.isScrapeToken(credential)) {
        request.scrapeTokenValid = true;
        this.metrics.attempt('scrape_token', 'ok');
        return;
      }
      request.principal = await this.auth.authenticate(credential, { ip: request.ip, transport: 'http' });
    } catch (error) {
      // Public routes ignore credentials; the guard throws this on every other route.
      request.authError = error as Error;
    }
  }

  private isScrapeToken(credential: string): boolean {
    const token = this.config.get('security').metricsBearerToken;
    return token !== undefined && timingSafeEqual(digest(token), digest(credential));
  }

  private async registerRateLimit(app: NestFastifyApplication): Promise<void> {
    const { rateLimit } = this.config.get('security');
    const redis = this.config.get('redis');
    if (redis.url !== undefined) {
      this.redis = new Redis(redis.url, {
        // Fail fast while Redis is away: the limiter then lets requests through (skipOnError) and counts it.
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        commandTimeout: redis.commandTimeoutMs,
        connectTimeout: redis.connectTimeoutMs,
        retryStrategy: (attempt) => Math.min(redis.reconnectMaxDelayMs, redis.reconnectBaseDelayMs * 2 ** attempt),
      });
      this.redis.on('error', () => this.metrics.rateLimitStoreErrors.inc());
    }
    await app.register(fastifyRateLimit, {
      global: rateLimit.enabled,
      timeWindow: rateLimit.windowMs,
      max: (_request: FastifyRequest, key: string) =>
        key.startsWith('credential:') ? rateLimit.perCredential : rateLimit.perIp,
      keyGenerator: (request: FastifyRequest) =>
        request.principal === undefined
          ? `ip:${request.ip}`
          : `credential:${request.principal.kind}:${request.principal.id}`,
      ...(this.redis === undefined ? { cache: rateLimit.localCacheSize } : { redis: this.redis }),
      nameSpace: `${redis.keyPrefix}rate-limit:`,
      skipOnError: true,
      errorResponseBuilder: (request: FastifyRequest, context: { max: number; ttl: number; after: string }) => {
        this.metrics.limited(request.principal === undefined ? 'ip' : 'credential');
        const retryAfterSeconds = Math.max(1, Math.ceil(context.ttl / MS_PER_SECOND));
        return new RateLimitedError(
          'RATE_LIMITED',
          `Rate limit of ${context.max} requests per ${rateLimit.windowMs / MS_PER_SECOND} s exceeded; retry in ${context.after}`,
          { retryAfterSeconds },
          { retryAfterMs: retryAfterSeconds * MS_PER_SECOND },
        );
      },
    });
  }
}
