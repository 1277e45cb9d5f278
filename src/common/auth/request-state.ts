import type { Principal } from './principal.js';

/** What authentication leaves on the request for the guard, the rate limiter and the audit trail. */
export interface AuthenticatedRequestState {
  principal?: Principal;
  /** A credential was sent and refused (or could not be checked); thrown by the guard on protected routes. */
  authError?: Error;
  /** The request carried METRICS_BEARER_TOKEN. */
  scrapeTokenValid?: boolean;
  /** Set by the guard for GET routes marked @Audited(). */
  auditMutating?: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
    authError?: Error;
    scrapeTokenValid?: boolean;
    auditMutating?: boolean;
  }
}
