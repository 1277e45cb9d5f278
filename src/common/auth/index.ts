export { SCOPES, isScope, type Scope } from './scopes.js';
export { canActOnAccount, hasAnyScope, type Principal, type PrincipalKind } from './principal.js';
export {
  ACCOUNT_PARAM_KEY,
  AccountFromParam,
  AcceptsScrapeToken,
  Audited,
  AUDITED_KEY,
  CurrentPrincipal,
  OPENAPI_AUTH_EXTENSION,
  Public,
  PUBLIC_ROUTE_KEY,
  RequireScopes,
  REQUIRED_SCOPES_KEY,
  SCRAPE_TOKEN_KEY,
} from './decorators.js';
export type { AuthenticatedRequestState } from './request-state.js';
