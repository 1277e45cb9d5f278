import type { Scope } from './scopes.js';

export type PrincipalKind = 'api_key' | 'jwt' | 'local_demo';

/** Who is calling: set on the request by the auth guard, read by audit, orders (idempotency per credential), gateways. */
export interface Principal {
  kind: PrincipalKind;
  /** Stable id of the credential: the API key id, the JWT `sub`, or "local-demo". Never a secret. */
  id: string;
  /** Display name (API key name, JWT subject). */
  name: string;
  scopes: ReadonlySet<Scope>;
  /** Accounts this credential may act on; undefined = all accounts. */
  accounts?: ReadonlySet<string>;
}

/** Whether the principal may act on this trading account. */
export const canActOnAccount = (principal: Principal, accountId: string): boolean =>
  principal.accounts === undefined || principal.accounts.has(accountId);

/** Whether the principal holds at least one of the scopes. */
export const hasAnyScope = (principal: Principal, scopes: readonly Scope[]): boolean =>
  scopes.some((scope) => principal.scopes.has(scope));
