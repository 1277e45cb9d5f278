import { Transform } from 'class-transformer';
import { ValidatorConstraint, type ValidationArguments, type ValidatorConstraintInterface } from 'class-validator';

/**
 * A secret environment value. The config loader prints offending values in its error message, so
 * secrets are wrapped: serialising one yields a placeholder, never the value.
 */
export class SecretText {
  constructor(readonly value: string) {}
  toJSON(): string {
    return '[REDACTED]';
  }
  toString(): string {
    return '[REDACTED]';
  }
}

export const EnvSecret = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && value.trim() !== '' ? new SecretText(value.trim()) : undefined,
  );

export interface ConfiguredAccount {
  id: string;
  apiKey: string;
  apiSecret: string;
  accessToken: string | undefined;
  /** When set, a login that yields a different Kite user is refused (guards against login CSRF). */
  userId: string | undefined;
}

export const ACCOUNT_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,31}$/;
const ALLOWED_FIELDS = new Set(['id', 'api_key', 'api_secret', 'access_token', 'user_id']);
const AES_256_KEY_BYTES = 32;
const MAX_ACCOUNTS = 50;

const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value.trim().length > 0;

const parseEntry = (entry: unknown, index: number, problems: string[]): ConfiguredAccount | undefined => {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    problems.push(`entry ${index} must be an object`);
    return undefined;
  }
  const record = entry as Record<string, unknown>;
  const unknown = Object.keys(record).filter((key) => !ALLOWED_FIELDS.has(key));
  if (unknown.length > 0) {
    problems.push(`entry ${index} has unknown field(s) ${unknown.join(', ')}`);
  }
  const { id, api_key: apiKey, api_secret: apiSecret, access_token: accessToken, user_id: userId } = record;
  if (typeof id !== 'string' || !ACCOUNT_ID_PATTERN.test(id)) {
    problems.push(`entry ${index}: id must match ${ACCOUNT_ID_PATTERN.source}`);
  }
  if (!nonEmpty(apiKey)) {
    problems.push(`entry ${index}: api_key is required`);
  }
  if (!nonEmpty(apiSecret)) {
    problems.push(`entry ${index}: api_secret is required`);
  }
  if (accessToken !== undefined && !nonEmpty(accessToken)) {
    problems.push(`entry ${index}: access_token, when present, must be a non-empty string`);
  }
  if (userId !== undefined && !nonEmpty(userId)) {
    problems.push(`entry ${index}: user_id, when present, must be a non-empty string`);
  }
  if (typeof id !== 'string' || !nonEmpty(apiKey) || !nonEmpty(apiSecret)) {
    return undefined;
  }
  return {
    id,
    apiKey: apiKey.trim(),
    apiSecret: apiSecret.trim(),
    accessToken: nonEmpty(accessToken) ? accessToken.trim() : undefined,
    userId: nonEmpty(userId) ? userId.trim() : undefined,
  };
};

/** KITE_ACCOUNTS: a JSON array of {id, api_key, api_secret, access_token?, user_id?}. Problems never quote values. */
export const parseAccountList = (raw: string | undefined): { accounts: ConfiguredAccount[]; problems: string[] } => {
  if (raw === undefined) {
    return { accounts: [], problems: [] };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { accounts: [], problems: ['is not valid JSON'] };
  }
  if (!Array.isArray(parsed)) {
    return { accounts: [], problems: ['must be a JSON array'] };
  }
  const problems: string[] = parsed.length > MAX_ACCOUNTS ? [`at most ${MAX_ACCOUNTS} accounts`] : [];
  const accounts = parsed
    .map((entry, index) => parseEntry(entry, index, problems))
    .filter((a): a is ConfiguredAccount => a !== undefined);
  const ids = accounts.map((a) => a.id);
  const duplicates = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (duplicates.length > 0) {
    problems.push(`duplicate id(s) ${[...new Set(duplicates)].join(', ')}`);
  }
  return problems.length > 0 ? { accounts: [], problems } : { accounts, problems };
};

const isAes256Key = (value: string): boolean =>
  /^[A-Za-z0-9+/]+={0,2}$/.test(value) && Buffer.from(value, 'base64').length === AES_256_KEY_BYTES;

/** KITE_ENCRYPTION_PREVIOUS_KEYS: "id:base64key,id:base64key" — retired keys still needed to decrypt. */
export const parseKeyRing = (raw: string | undefined): { keys: Map<string, Buffer>; problems: string[] } => {
  const keys = new Map<string, Buffer>();
  const problems: string[] = [];
  for (const [index, item] of (raw ?? '')
    .split(',')
    .filter((s) => s.trim() !== '')
    .entries()) {
    const [id, key] = item.trim().split(':', 2);
    if (id === undefined || !/^[A-Za-z0-9_-]{1,16}$/.test(id) || key === undefined || !isAes256Key(key)) {
      problems.push(`item ${index} must be <id>:<base64 32-byte key>`);
      continue;
    }
    keys.set(id, Buffer.from(key, 'base64'));
  }
  return { keys, problems };
};

const secretOf = (value: unknown): string | undefined => (value instanceof SecretText ? value.value : undefined);

@ValidatorConstraint({ name: 'isAccountList' })
export class IsAccountList implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return (
      value === undefined || (secretOf(value) !== undefined && parseAccountList(secretOf(value)).problems.length === 0)
    );
  }
  defaultMessage(args: ValidationArguments): string {
    const problems = parseAccountList(secretOf(args.value)).problems;
    return `$property must be a JSON array of {id, api_key, api_secret, access_token?, user_id?}: ${problems.join('; ')}`;
  }
}

@ValidatorConstraint({ name: 'isEncryptionKey' })
export class IsEncryptionKey implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    const key = secretOf(value);
    return key !== undefined && isAes256Key(key);
  }
  defaultMessage(): string {
    return '$property must be 32 random bytes in base64 (e.g. `openssl rand -base64 32`)';
  }
}

@ValidatorConstraint({ name: 'isKeyRing' })
export class IsKeyRing implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return value === undefined || parseKeyRing(secretOf(value)).problems.length === 0;
  }
  defaultMessage(args: ValidationArguments): string {
    return `$property: ${parseKeyRing(secretOf(args.value)).problems.join('; ')}`;
  }
}

@ValidatorConstraint({ name: 'isHttpUrl' })
export class IsHttpUrl implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string') {
      return false;
    }
    try {
      return ['http:', 'https:'].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }
  defaultMessage(): string {
    return '$property must be an http:// or https:// URL';
  }
}
