import { Injectable } from '@nestjs/common';
import { isScope, type Principal, type Scope } from '../../../common/auth/index.js';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../../../common/errors/index.js';
import { Clock } from '../../../common/time/index.js';
import { ACCOUNT_ID_PATTERN } from '../../../config/sections/accounts-env.js';
import { generateApiKey } from './api-key-format.js';
import { type ApiKeyRecord, ApiKeyStore } from './api-key.store.js';
import { hashSecret } from './secret-hash.js';

export const MAX_KEY_NAME_LENGTH = 100;
const KEY_NAME_PATTERN = /^[\p{L}\p{N} _.:@/()-]+$/u;
const MAX_LISTED_KEYS = 10_000;
const INSERT_ATTEMPTS = 3;
const UNIQUE_VIOLATION = '23505';

export interface CreateApiKeyInput {
  name: string;
  scopes: readonly string[];
  expiresAt?: Date;
  accounts?: readonly string[];
  /** Who creates it: `apikey:<id>`, `jwt:<sub>`, `cli:<os user>`, `bootstrap`. */
  createdBy: string;
}

export interface CreatedApiKey {
  record: ApiKeyRecord;
  /** The full key, returned this once and never again. */
  key: string;
}

/** Creating, listing and revoking API keys: the rules shared by the REST API and the CLI. */
@Injectable()
export class ApiKeyAdmin {
  constructor(
    private readonly store: ApiKeyStore,
    private readonly clock: Clock,
  ) {}

  async create(input: CreateApiKeyInput): Promise<CreatedApiKey> {
    const record = this.validate(input);
    for (let attempt = 1; ; attempt += 1) {
      const { keyId, key } = generateApiKey();
      const withId = { ...record, keyId, secretHash: await hashSecret(key) };
      try {
        await this.store.insert(withId);
        return { record: withId, key };
      } catch (error) {
        // A random 12-character id colliding is vanishingly rare; draw another.
        if ((error as { code?: string }).code !== UNIQUE_VIOLATION || attempt >= INSERT_ATTEMPTS) {
          throw error;
        }
      }
    }
  }

  /**
   * A caller cannot grant what it does not hold: the new key's scopes must be among the creator's, and a
   * creator restricted to some accounts can only create keys restricted to (a subset of) them.
   */
  assertCreatorMayGrant(creator: Principal, input: Pick<CreateApiKeyInput, 'scopes' | 'accounts'>): void {
    const missing = input.scopes.filter((scope) => !isScope(scope) || !creator.scopes.has(scope));
    if (missing.length > 0) {
      throw new ForbiddenError(
        'SCOPE_NOT_GRANTABLE',
        `You cannot grant scope(s) you do not hold: ${missing.join(', ')}`,
        {
          scopes: missing,
        },
      );
    }
    if (creator.accounts !== undefined) {
      const allowed = creator.accounts;
      if (input.accounts === undefined || input.accounts.some((account) => !allowed.has(account))) {
        throw new ForbiddenError(
          'ACCOUNTS_NOT_GRANTABLE',
          `Your credential is restricted to accounts ${[...allowed].join(', ')}: the new key must be restricted to some of them`,
        );
      }
    }
  }

  list(includeRevoked: boolean): Promise<ApiKeyRecord[]> {
    return this.store.list({ includeRevoked, limit: MAX_LISTED_KEYS });
  }

  async get(keyId: string): Promise<ApiKeyRecord> {
    const record = await this.store.findById(keyId);
    if (record === undefined) {
      throw new NotFoundError('API_KEY_NOT_FOUND', `No API key with id ${keyId}`);
    }
    return record;
  }

  async revoke(keyId: string, revokedBy: string): Promise<ApiKeyRecord> {
    const record = await this.store.revoke(keyId, this.clock.nowDate(), revokedBy);
    if (record === undefined) {
      throw new NotFoundError('API_KEY_NOT_FOUND', `No API key with id ${keyId}`);
    }
    return record;
  }

  private validate(input: CreateApiKeyInput): Omit<ApiKeyRecord, 'keyId' | 'secretHash'> {
    const name = input.name.trim();
    if (name.length === 0 || name.length > MAX_KEY_NAME_LENGTH || !KEY_NAME_PATTERN.test(name)) {
      throw invalid('name', `name must be 1-${MAX_KEY_NAME_LENGTH} letters, digits, spaces or _ . : @ / ( ) -`);
    }
    const unknown = input.scopes.filter((scope) => !isScope(scope));
    if (input.scopes.length === 0 || unknown.length > 0) {
      throw invalid(
        'scopes',
        `scopes must be a non-empty list of known scopes; unknown: ${unknown.join(', ') || 'none'}`,
      );
    }
    const now = this.clock.now();
    if (
      input.expiresAt !== undefined &&
      (Number.isNaN(input.expiresAt.getTime()) || input.expiresAt.getTime() <= now)
    ) {
      throw invalid('expiresAt', 'expiresAt must be a valid instant in the future');
    }
    const badAccounts = (input.accounts ?? []).filter((account) => !ACCOUNT_ID_PATTERN.test(account));
    if ((input.accounts !== undefined && input.accounts.length === 0) || badAccounts.length > 0) {
      throw invalid('accounts', 'accounts, when given, must be a non-empty list of account ids');
    }
    return {
      name,
      scopes: [...new Set(input.scopes)] as Scope[],
      accounts: input.accounts === undefined ? null : [...new Set(input.accounts)],
      expiresAt: input.expiresAt ?? null,
      createdAt: new Date(now),
      createdBy: input.createdBy,
      revokedAt: null,
      revokedBy: null,
      lastUsedAt: null,
    };
  }
}

const invalid = (field: string, message: string): InvalidInputError =>
  new InvalidInputError('VALIDATION_FAILED', message, [{ field, rule: 'apiKey', message }]);
