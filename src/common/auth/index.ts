export { SCOPES, isScope, type Scope } from './scopes.js';
export type { Principal, PrincipalKind } from './principal.js';
export { CurrentPrincipal, Public, PUBLIC_ROUTE_KEY, RequireScopes, REQUIRED_SCOPES_KEY } from './decorators.js';
