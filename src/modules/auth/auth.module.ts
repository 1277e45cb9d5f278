import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeysController } from './api/api-keys.controller.js';
import { ApiKeyAdmin } from './api-keys/api-key-admin.js';
import { ApiKeyAuthenticator } from './api-keys/api-key-authenticator.js';
import { ApiKeyRevocations } from './api-keys/api-key-revocations.js';
import { ApiKeyStore } from './api-keys/api-key.store.js';
import { BootstrapKey, ONE_TIME_KEY_SINK, stderrSink } from './api-keys/bootstrap-key.js';
import { LastUsedTracker } from './api-keys/last-used-tracker.js';
import { AuthFailureLimiter } from './auth-failure-limiter.js';
import { AuthMetrics, authMetricProviders } from './auth.metrics.js';
import { AuthService } from './auth.service.js';
import { AuthGuard } from './http/auth.guard.js';
import { HttpSecurity } from './http/http-security.js';
import { JwtVerifier } from './jwt/jwt-verifier.js';
import { LocalDemoPolicy } from './local-demo.policy.js';

/**
 * Authentication (API keys, JWT, local demo) and authorisation (the global guard) for every route, the
 * API key administration API, inbound rate limits and transport hygiene on the HTTP server.
 */
@Module({
  controllers: [ApiKeysController],
  providers: [
    ...authMetricProviders,
    AuthMetrics,
    ApiKeyStore,
    ApiKeyAdmin,
    LastUsedTracker,
    ApiKeyAuthenticator,
    ApiKeyRevocations,
    { provide: ONE_TIME_KEY_SINK, useValue: stderrSink },
    BootstrapKey,
    JwtVerifier,
    AuthFailureLimiter,
    AuthService,
    LocalDemoPolicy,
    HttpSecurity,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthService, HttpSecurity],
})
export class AuthModule {}
