import type { Connect } from 'kiteconnect';
import type { AccountStatus } from '../domain/account-status.js';
import type { KiteCallGuard } from '../kite/kite-call-guard.js';
import type { KiteEndpointClass } from '../kite/kite-endpoints.js';
import { KiteRestClient, type SessionBinding } from '../kite/kite-rest-client.js';
import type { BreakerState, BreakerView } from '../resilience/account-policies.js';

export interface AccountSnapshot {
  id: string;
  /** Computed: an active session past its daily expiry reads needs_login before the sweep persists it. */
  status: AccountStatus;
  statusReason: string | null;
  kiteUserId: string | null;
  lastLoginAt: Date | null;
  tokenExpiresAt: Date | null;
  /** The worst state over the endpoint classes. */
  breaker: BreakerState;
  breakers: Record<KiteEndpointClass, BreakerView>;
  inFlight: number;
}

const SEVERITY: Record<BreakerState, number> = { closed: 0, half_open: 1, open: 2 };

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

/**
 * What a ticker connection needs to dial Kite with this account's current session. The access token is a
 * secret (and so is any URL built from it): never log or return it.
 */
export interface TickerSession {
  apiKey: string;
  accessToken: string;
  /** Kite refused this session (403 on upgrade, TokenException): needs_login, unless a newer session replaced it. */
  reject(reason: string): void;
}

export interface AccountRuntimeDeps {
  id: string;
  apiKey: string;
  expectedUserId: string | undefined;
  guard: KiteCallGuard;
  createConnect: (accessToken?: string, onSessionExpired?: () => void) => Connect;
  /** Told about every status change (persistence, metrics, logs). Never throws. */
  onStatusChange: (account: AccountRuntime, change: StatusChange) => void;
  /** Epoch ms from the injected Clock (token expiry is a time of day). */
  now: () => number;
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
  private accessToken: string | null = null;
  private readonly now: () => number;

  constructor(private readonly deps: AccountRuntimeDeps) {
    this.now = deps.now;
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

  /** The call path: a session found past its expiry is marked before the call goes out. */
  current(): { kite: Connect; onTokenRejected: () => void } {
    this.expireIfDue();
    return { kite: this.connect, onTokenRejected: this.onTokenRejected };
  }

  detached(accessToken?: string): Connect {
    return this.deps.createConnect(accessToken);
  }

  /**
   * The status now, computed and never stored: an active session past its daily expiry reads
   * needs_login. Reading it changes nothing; `expireIfDue` (sweep, call path) makes it so.
   */
  currentStatus(): AccountStatus {
    return this.isExpired() ? 'needs_login' : this.status;
  }

  /** Persists the daily expiry once it has passed. For the paths that act on it: the sweep and calls. */
  expireIfDue(): void {
    if (this.isExpired()) {
      this.loseSession(this.expiryReason());
    }
  }

  /**
   * Usable for a call of this class: a session when required (orders, quotes; not the public instrument
   * dumps) and a breaker that admits calls (closed, half-open, or open with a probe due). Pure.
   */
  isUsable(endpointClass: KiteEndpointClass, requireSession = true): boolean {
    const breaker = this.deps.guard.breakers()[endpointClass];
    return (
      (!requireSession || this.currentStatus() === 'active') && (breaker.state !== 'open' || breaker.retryAfterMs === 0)
    );
  }

  hasFreeSlot(endpointClass: KiteEndpointClass): boolean {
    return this.deps.guard.hasFreeSlot(endpointClass);
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
    this.accessToken = session.accessToken;
    this.kiteUserId = session.kiteUserId;
    this.lastLoginAt = session.lastLoginAt;
    this.tokenExpiresAt = session.tokenExpiresAt;
    this.setStatus('active', null);
  }

  markNeedsLogin(reason: string): void {
    this.sessionGeneration += 1;
    this.onTokenRejected = () => undefined;
    this.accessToken = null;
    this.setStatus('needs_login', reason);
  }

  /** The current session for the WebSocket ticker, or undefined when the account is not active. */
  tickerSession(): TickerSession | undefined {
    if (this.currentStatus() !== 'active' || this.accessToken === null) {
      return undefined;
    }
    const generation = this.sessionGeneration;
    return {
      apiKey: this.apiKey,
      accessToken: this.accessToken,
      reject: (reason) => {
        if (generation === this.sessionGeneration) {
          this.markNeedsLogin(reason);
        }
      },
    };
  }

  /** What the API and health show. Pure: no status change, no breaker transition, no write. */
  snapshot(): AccountSnapshot {
    const breakers = this.deps.guard.breakers();
    const breaker = Object.values(breakers).reduce<BreakerState>(
      (worst, view) => (SEVERITY[view.state] > SEVERITY[worst] ? view.state : worst),
      'closed',
    );
    return {
      id: this.id,
      status: this.currentStatus(),
      statusReason: this.isExpired() ? this.expiryReason() : this.statusReason,
      kiteUserId: this.kiteUserId,
      lastLoginAt: this.lastLoginAt,
      tokenExpiresAt: this.tokenExpiresAt,
      breaker,
      breakers,
      inFlight: this.deps.guard.inFlight,
    };
  }

  private isExpired(): boolean {
    return this.status === 'active' && this.tokenExpiresAt !== null && this.tokenExpiresAt.getTime() <= this.now();
  }

  private expiryReason(): string {
    return `access token expired at ${this.tokenExpiresAt!.toISOString()} (Kite's daily logout)`;
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
