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
