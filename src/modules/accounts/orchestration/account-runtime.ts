import type { Connect } from 'kiteconnect';
import type { AccountStatus } from '../domain/account-status.js';
import type { KiteCallGuard } from '../kite/kite-call-guard.js';
import { KiteRestClient, type SessionBinding } from '../kite/kite-rest-client.js';
import type { BreakerState } from '../resilience/circuit-breaker.js';

export interface AccountSnapshot {
  id: string;
  status: AccountStatus;
  statusReason: string | null;
  kiteUserId: string | null;
  lastLoginAt: Date | null;
  tokenExpiresAt: Date | null;
  breaker: BreakerState;
  inFlight: number;
}

export interface AdoptedSession {
  accessToken: string;
  kiteUserId: string | null;
  lastLoginAt: Date;
  tokenExpiresAt: Date;
}

export interface StatusChange {
  previous: AccountStatus;
  status: AccountStatus;
  reason: string | null;
}

export interface AccountRuntimeDeps {
  id: string;
  apiKey: string;
  expectedUserId: string | undefined;
  guard: KiteCallGuard;
  createConnect: (accessToken?: string, onSessionExpired?: () => void) => Connect;
  /** Told about every status change (persistence, metrics, logs). Never throws. */
  onStatusChange: (account: AccountRuntime, change: StatusChange) => void;
  now?: () => number;
}

/**
 * One configured account at run time: its guarded client, its current session and its status.
 * Each token gets its own official client instance, so the session-expiry hook of a replaced token
 * (a late answer to a call made with it) cannot mark the new session as lost.
 */
export class AccountRuntime implements SessionBinding {
  readonly client: KiteRestClient;
  private connect: Connect;
  private sessionGeneration = 0;
  private onTokenRejected: () => void = () => undefined;
  private status: AccountStatus = 'needs_login';
  private statusReason: string | null = 'no access token';
  private kiteUserId: string | null = null;
  private lastLoginAt: Date | null = null;
  private tokenExpiresAt: Date | null = null;
  private readonly now: () => number;

  constructor(private readonly deps: AccountRuntimeDeps) {
    this.now = deps.now ?? Date.now;
    this.connect = deps.createConnect();
    this.client = new KiteRestClient(deps.guard, this);
  }

  get id(): string {
    return this.deps.id;
  }

  get apiKey(): string {
    return this.deps.apiKey;
  }

  get expectedUserId(): string | undefined {
    return this.deps.expectedUserId;
  }

  current(): { kite: Connect; onTokenRejected: () => void } {
    return { kite: this.connect, onTokenRejected: this.onTokenRejected };
  }

  detached(accessToken?: string): Connect {
    return this.deps.createConnect(accessToken);
  }

  /** The status now; an active session whose daily expiry has passed turns needs_login here. */
  currentStatus(): AccountStatus {
    if (this.status === 'active' && this.tokenExpiresAt !== null && this.tokenExpiresAt.getTime() <= this.now()) {
      this.loseSession(`access token expired at ${this.tokenExpiresAt.toISOString()} (Kite's daily logout)`);
    }
    return this.status;
  }

  /** Usable for calls that need a session (orders, quotes) or, with requireSession false, only a live breaker. */
  isUsable(requireSession = true): boolean {
    return (!requireSession || this.currentStatus() === 'active') && this.deps.guard.breakerState !== 'open';
  }

  get hasFreeSlot(): boolean {
    return this.deps.guard.hasFreeSlot;
  }

  adoptSession(session: AdoptedSession): void {
    const generation = ++this.sessionGeneration;
    const lost = () => {
      if (generation === this.sessionGeneration) {
        this.loseSession('Kite rejected the access token (TokenException)');
      }
    };
    this.connect = this.deps.createConnect(session.accessToken, lost);
    this.onTokenRejected = lost;
    this.kiteUserId = session.kiteUserId;
    this.lastLoginAt = session.lastLoginAt;
    this.tokenExpiresAt = session.tokenExpiresAt;
    this.setStatus('active', null);
  }

  markNeedsLogin(reason: string): void {
    this.sessionGeneration += 1;
    this.onTokenRejected = () => undefined;
    this.setStatus('needs_login', reason);
  }

  snapshot(): AccountSnapshot {
    return {
      id: this.id,
      status: this.currentStatus(),
      statusReason: this.statusReason,
      kiteUserId: this.kiteUserId,
      lastLoginAt: this.lastLoginAt,
      tokenExpiresAt: this.tokenExpiresAt,
      breaker: this.deps.guard.breakerState,
      inFlight: this.deps.guard.inFlight,
    };
  }

  private loseSession(reason: string): void {
    if (this.status === 'active') {
      this.markNeedsLogin(reason);
    }
  }

  private setStatus(status: AccountStatus, reason: string | null): void {
    const previous = this.status;
    this.status = status;
    this.statusReason = reason;
    this.deps.onStatusChange(this, { previous, status, reason });
  }
}
