import { createHash, randomBytes } from 'node:crypto';
import { nextIstTime } from '../../common/time/ist.js';
import type { SessionView } from '../contracts/simulator.contracts.js';

export interface SimUser {
  userId: string;
  userName: string;
  email: string;
  apiKey: string;
  apiSecret: string;
  /** Pre-issued access token (tests can skip the login flow). */
  accessToken?: string;
}

export const DEFAULT_USERS: readonly SimUser[] = [
  {
    userId: 'SIM001',
    userName: 'Simulated Trader',
    email: 'sim001@example.com',
    apiKey: 'simkey',
    apiSecret: 'simsecret',
    accessToken: 'simtoken',
  },
];

/** Request tokens live this long, as on Kite (a few minutes). */
const REQUEST_TOKEN_TTL_MS = 300_000;
const TOKEN_BYTES = 16;
/** Kite logs every session out at 06:00 IST. */
const DAILY_LOGOUT = { hour: 6, minute: 0 };
/** Bounds on what the store keeps; the oldest is evicted when full. */
const MAX_PENDING_REQUEST_TOKENS = 1_000;
const MAX_ACCESS_TOKENS = 10_000;

export interface IssuedSession {
  user: SimUser;
  accessToken: string;
  publicToken: string;
  refreshToken: string;
  enctoken: string;
  loginTimeMs: number;
  /** Kite access tokens die at 06:00 IST the next morning; pre-issued and granted tokens never expire. */
  expiresMs: number;
}

/** Users, API keys and the Kite login/session lifecycle (request token → access token → invalidation). */
export class SessionStore implements SessionView {
  private readonly usersByKey = new Map<string, SimUser>();
  private readonly requestTokens = new Map<string, { apiKey: string; expiresMs: number }>();
  /** `${apiKey}:${accessToken}` → session. */
  private readonly sessions = new Map<string, IssuedSession>();

  constructor(
    users: readonly SimUser[],
    private readonly now: () => number,
  ) {
    for (const user of users) {
      this.usersByKey.set(user.apiKey, user);
      if (user.accessToken) {
        this.store(user, user.accessToken);
      }
    }
  }

  users(): SimUser[] {
    return [...this.usersByKey.values()];
  }

  userByKey(apiKey: string): SimUser | undefined {
    return this.usersByKey.get(apiKey);
  }

  authenticate(apiKey: string, accessToken: string): string | undefined {
    return this.session(apiKey, accessToken)?.user.userId;
  }

  session(apiKey: string, accessToken: string): IssuedSession | undefined {
    const key = `${apiKey}:${accessToken}`;
    const session = this.sessions.get(key);
    if (session && this.now() >= session.expiresMs) {
      this.sessions.delete(key);
      return undefined;
    }
    return session;
  }

  /** Issues a request token, as Kite does after a successful login on its login page. */
  issueRequestToken(apiKey: string): string | undefined {
    if (!this.usersByKey.has(apiKey)) {
      return undefined;
    }
    evictOldest(this.requestTokens, MAX_PENDING_REQUEST_TOKENS);
    const token = randomToken();
    this.requestTokens.set(token, { apiKey, expiresMs: this.now() + REQUEST_TOKEN_TTL_MS });
    return token;
  }

  /** POST /session/token: checks the checksum and consumes the request token. */
  exchange(
    apiKey: string,
    requestToken: string,
    checksum: string,
  ): IssuedSession | 'bad-key' | 'bad-token' | 'bad-checksum' {
    const user = this.usersByKey.get(apiKey);
    if (!user) {
      return 'bad-key';
    }
    const pending = this.requestTokens.get(requestToken);
    if (!pending || pending.apiKey !== apiKey || pending.expiresMs < this.now()) {
      return 'bad-token';
    }
    const expected = createHash('sha256')
      .update(apiKey + requestToken + user.apiSecret)
      .digest('hex');
    if (checksum.toLowerCase() !== expected) {
      return 'bad-checksum';
    }
    this.requestTokens.delete(requestToken);
    return this.store(user, randomToken(), nextDailyExpiry(this.now()));
  }

  /** Invalidates an access token; true when it existed. */
  invalidate(apiKey: string, accessToken: string): boolean {
    return this.sessions.delete(`${apiKey}:${accessToken}`);
  }

  /** Expires every session of an API key (a fault: Kite's daily 6 AM logout, or a forced logout). */
  expireAll(apiKey: string): number {
    let count = 0;
    for (const [key, session] of this.sessions) {
      if (session.user.apiKey === apiKey) {
        this.sessions.delete(key);
        count += 1;
      }
    }
    return count;
  }

  /** Registers a known access token for a user (control API / tests). */
  grant(apiKey: string, accessToken: string): IssuedSession | undefined {
    const user = this.usersByKey.get(apiKey);
    return user ? this.store(user, accessToken) : undefined;
  }

  private store(user: SimUser, accessToken: string, expiresMs = Number.POSITIVE_INFINITY): IssuedSession {
    evictOldest(this.sessions, MAX_ACCESS_TOKENS);
    const session: IssuedSession = {
      user,
      accessToken,
      publicToken: randomToken(),
      refreshToken: '',
      enctoken: randomBytes(TOKEN_BYTES * 2).toString('base64'),
      loginTimeMs: this.now(),
      expiresMs,
    };
    this.sessions.set(`${user.apiKey}:${accessToken}`, session);
    return session;
  }
}

/** The next 06:00 IST strictly after `nowMs`. */
export const nextDailyExpiry = (nowMs: number): number => nextIstTime(nowMs, DAILY_LOGOUT);

const randomToken = (): string => randomBytes(TOKEN_BYTES).toString('hex');

const evictOldest = <K, V>(map: Map<K, V>, max: number): void => {
  while (map.size >= max) {
    const oldest = map.keys().next();
    if (oldest.done) {
      return;
    }
    map.delete(oldest.value);
  }
};
