import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Principal } from './principal.js';
import type { Scope } from './scopes.js';

export const PUBLIC_ROUTE_KEY = 'auth:public';
export const REQUIRED_SCOPES_KEY = 'auth:scopes';

/** No credentials needed. `reason` documents why (e.g. "Kubernetes liveness probe") and shows in OpenAPI. */
export const Public = (reason: string): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(PUBLIC_ROUTE_KEY, reason));

/** The caller needs at least one of these scopes (class-level applies to every route of a controller). */
export const RequireScopes = (...scopes: [Scope, ...Scope[]]): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(REQUIRED_SCOPES_KEY, scopes));

/** The authenticated caller, as set by the global guard (undefined only on public routes). */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal | undefined =>
    context.switchToHttp().getRequest<{ principal?: Principal }>().principal,
);
