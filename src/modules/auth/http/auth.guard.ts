import { type CanActivate, type ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  ACCOUNT_PARAM_KEY,
  AUDITED_KEY,
  canActOnAccount,
  hasAnyScope,
  PUBLIC_ROUTE_KEY,
  REQUIRED_SCOPES_KEY,
  SCRAPE_TOKEN_KEY,
  type Scope,
} from '../../../common/auth/index.js';
import { accountNotAllowed, insufficientScope, missingCredentials, routeNotAnnotated } from '../auth.errors.js';
import { AuthMetrics } from '../auth.metrics.js';
import type { AuthenticatedRequestState } from '../../../common/auth/index.js';

type AccessRule = { public: string } | { scopes: readonly Scope[] } | undefined;

interface GuardedRequest extends AuthenticatedRequestState {
  params?: Record<string, string | undefined>;
  method?: string;
  routeOptions?: { url?: string };
}

/**
 * The global guard: authorisation for every route. Authentication already ran (onRequest hook, or the
 * gateway's handshake for sockets) and left a principal or an error on the request. A route is public only
 * by @Public; a route declaring neither @Public nor @RequireScopes is refused (and fails CI).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger(AuthGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly metrics: AuthMetrics,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = this.requestOf(context);
    const handler = context.getHandler();
    if (this.reflector.get<boolean | undefined>(AUDITED_KEY, handler)) {
      request.auditMutating = true;
    }
    const rule = this.ruleFor(context);
    if (rule !== undefined && 'public' in rule) {
      return true;
    }
    if (request.scrapeTokenValid && this.reflector.get<boolean | undefined>(SCRAPE_TOKEN_KEY, handler)) {
      return true;
    }
    if (request.authError !== undefined) {
      this.metrics.deny('invalid');
      throw request.authError;
    }
    const principal = request.principal;
    if (principal === undefined) {
      this.metrics.deny('missing');
      throw missingCredentials();
    }
    if (rule === undefined) {
      this.metrics.deny('unannotated');
      this.logger.error(
        { method: request.method, route: request.routeOptions?.url },
        'Route has neither @Public nor @RequireScopes: refused',
      );
      throw routeNotAnnotated();
    }
    if (!hasAnyScope(principal, rule.scopes)) {
      this.metrics.deny('scope');
      throw insufficientScope(rule.scopes);
    }
    const accountParam = this.reflector.getAllAndOverride<string | undefined>(ACCOUNT_PARAM_KEY, [
      handler,
      context.getClass(),
    ]);
    const accountId = accountParam === undefined ? undefined : request.params?.[accountParam];
    if (accountId !== undefined && !canActOnAccount(principal, accountId)) {
      this.metrics.deny('account');
      throw accountNotAllowed(accountId);
    }
    return true;
  }

  /** Method-level @Public/@RequireScopes replaces the class-level rule (as in the OpenAPI document). */
  private ruleFor(context: ExecutionContext): AccessRule {
    for (const target of [context.getHandler(), context.getClass()]) {
      const reason = this.reflector.get<string | undefined>(PUBLIC_ROUTE_KEY, target);
      if (reason !== undefined) {
        return { public: reason };
      }
      const scopes = this.reflector.get<Scope[] | undefined>(REQUIRED_SCOPES_KEY, target);
      if (scopes !== undefined) {
        return { scopes };
      }
    }
    return undefined;
  }

  private requestOf(context: ExecutionContext): GuardedRequest {
    // Gateways put the principal of the authenticated socket on the client object.
    return context.getType() === 'ws'
      ? context.switchToWs().getClient<GuardedRequest>()
      : context.switchToHttp().getRequest<GuardedRequest>();
  }
}
