import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { Principal } from './principal.js';
import type { Scope } from './scopes.js';

export const PUBLIC_ROUTE_KEY = 'auth:public';
export const REQUIRED_SCOPES_KEY = 'auth:scopes';
export const ACCOUNT_PARAM_KEY = 'auth:account-param';
export const SCRAPE_TOKEN_KEY = 'auth:scrape-token';
export const AUDITED_KEY = 'audit:audited';
/** OpenAPI extension the document builder turns into `security`, `x-required-scopes` / `x-public`. */
export const OPENAPI_AUTH_EXTENSION = 'x-auth';

/** No credentials needed. `reason` documents why (e.g. "Kubernetes liveness probe") and shows in OpenAPI. */
export const Public = (reason: string): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(PUBLIC_ROUTE_KEY, reason), ApiExtension(OPENAPI_AUTH_EXTENSION, { public: reason }));

/**
 * The caller needs at least one of these scopes. Class-level applies to every route of a controller; a
 * method-level @Public or @RequireScopes replaces the class-level one for that route.
 */
export const RequireScopes = (...scopes: [Scope, ...Scope[]]): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(REQUIRED_SCOPES_KEY, scopes), ApiExtension(OPENAPI_AUTH_EXTENSION, { scopes }));

/**
 * The route acts on the trading account named by this path parameter: a credential restricted to some
 * accounts gets 403 for the others (checked by the guard, before the handler runs).
 */
export const AccountFromParam = (param: string): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCOUNT_PARAM_KEY, param);

/** Besides its scopes, the route accepts METRICS_BEARER_TOKEN (Prometheus scrapers send one static token). */
export const AcceptsScrapeToken = (): MethodDecorator => SetMetadata(SCRAPE_TOKEN_KEY, true);

/** Audit this route although its method is GET (it changes state, e.g. a login callback). */
export const Audited = (): MethodDecorator => SetMetadata(AUDITED_KEY, true);

/** The authenticated caller, as set by the global guard (undefined only on public routes). */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal | undefined =>
    context.switchToHttp().getRequest<{ principal?: Principal }>().principal,
);
