export const AUDIT_ACTOR_KINDS = ['api_key', 'jwt', 'local_demo', 'scrape_token', 'anonymous'] as const;
export type AuditActorKind = (typeof AUDIT_ACTOR_KINDS)[number];

/** One audited request. No bodies, no query strings, no headers: nothing that can carry a secret. */
export interface AuditEntry {
  occurredAt: Date;
  requestId: string;
  actorKind: AuditActorKind;
  /** API key id, JWT subject, "local-demo"; null when anonymous. */
  actorId: string | null;
  actorName: string | null;
  method: string;
  /** Route template, e.g. /accounts/:id/token. */
  route: string;
  /** The route's path parameters: what was acted on. */
  target: Record<string, string>;
  statusCode: number;
  clientIp: string | null;
}

export interface StoredAuditEntry extends AuditEntry {
  id: number;
}
