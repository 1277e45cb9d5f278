/**
 * Authorisation scopes. Every route either requires at least one scope (@RequireScopes) or is declared
 * public (@Public) with a reason; a route with neither is refused by the global guard and fails CI.
 */
export const SCOPES = [
  'market:read',
  'subscriptions:write',
  'orders:read',
  'orders:write',
  'accounts:admin',
  'ops',
] as const;
export type Scope = (typeof SCOPES)[number];

export const isScope = (value: string): value is Scope => (SCOPES as readonly string[]).includes(value);
