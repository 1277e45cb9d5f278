import { parseArgs } from 'node:util';
import { SCOPES } from '../../../common/auth/index.js';
import type { Clock } from '../../../common/time/index.js';
import { ApiKeyAdmin } from '../api-keys/api-key-admin.js';
import { generateApiKey } from '../api-keys/api-key-format.js';
import type { ApiKeyRecord } from '../api-keys/api-key.store.js';
import { hashSecret } from '../api-keys/secret-hash.js';

export const USAGE = `Usage: npm run apikey -- <command> [options]

  create --name <name> --scopes <s1,s2> [--expires <ISO instant | 30d | 12h>] [--accounts <id1,id2>] [--json]
         Creates a key and prints it once (only its hash is stored).
  list [--all] [--json]
         Lists keys (never secrets); --all includes revoked ones.
  revoke <key id>
         Revokes a key (running instances refuse it within AUTH_KEY_CACHE_TTL_MS).
  bootstrap
         Generates an admin key without touching the database and prints the AUTH_BOOTSTRAP_KEY_HASH
         line to configure; the service seeds it when no key exists yet.

Scopes: ${SCOPES.join(', ')}`;

const RELATIVE = /^(\d{1,6})([dhm])$/;
const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000 } as const;

export class CliUsageError extends Error {}

/** `30d`, `12h`, `90m` from now, or an ISO 8601 instant. */
export const parseExpiry = (value: string, nowMs: number): Date => {
  const relative = RELATIVE.exec(value);
  if (relative) {
    return new Date(nowMs + Number(relative[1]) * UNIT_MS[relative[2] as keyof typeof UNIT_MS]);
  }
  const instant = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(instant.getTime())) {
    throw new CliUsageError(
      `--expires must be an ISO 8601 instant (2026-12-31T18:30:00Z) or 30d / 12h / 90m, got ${value}`,
    );
  }
  return instant;
};

const list = (value: string | undefined): string[] | undefined =>
  value
    ?.split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);

const describe = (record: ApiKeyRecord): Record<string, unknown> => ({
  id: record.keyId,
  name: record.name,
  scopes: record.scopes,
  accounts: record.accounts,
  expiresAt: record.expiresAt?.toISOString() ?? null,
  createdAt: record.createdAt.toISOString(),
  createdBy: record.createdBy,
  revokedAt: record.revokedAt?.toISOString() ?? null,
  lastUsedAt: record.lastUsedAt?.toISOString() ?? null,
});

const table = (records: ApiKeyRecord[], nowMs: number): string =>
  records
    .map((r) =>
      [
        r.keyId,
        r.revokedAt ? 'revoked' : r.expiresAt && r.expiresAt.getTime() <= nowMs ? 'expired' : 'active',
        r.name,
        r.scopes.join(','),
        r.accounts?.join(',') ?? '*',
        r.lastUsedAt?.toISOString() ?? 'never',
      ].join('\t'),
    )
    .join('\n');

/** The `bootstrap` command needs no database. */
export const bootstrapLines = async (): Promise<string> => {
  const { keyId, key } = generateApiKey();
  return [
    `Admin key (shown once, keep it safe): ${key}`,
    'Configure the service with:',
    `AUTH_BOOTSTRAP_KEY_HASH=${keyId}:${await hashSecret(key)}`,
  ].join('\n');
};

/** Runs one CLI command against the key store; returns what to print on stdout. */
export const runApiKeyCommand = async (
  argv: string[],
  admin: ApiKeyAdmin,
  clock: Clock,
  actor: string,
): Promise<string> => {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      scopes: { type: 'string' },
      expires: { type: 'string' },
      accounts: { type: 'string' },
      all: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const [command, ...rest] = positionals;
  switch (command) {
    case 'create': {
      if (values.name === undefined || values.scopes === undefined) {
        throw new CliUsageError('create needs --name and --scopes');
      }
      const { record, key } = await admin.create({
        name: values.name,
        scopes: list(values.scopes) ?? [],
        expiresAt: values.expires === undefined ? undefined : parseExpiry(values.expires, clock.now()),
        accounts: list(values.accounts),
        createdBy: actor,
      });
      return values.json
        ? JSON.stringify({ ...describe(record), key })
        : `Created API key ${record.keyId} (${record.name}). This is the only time it is shown:\n${key}`;
    }
    case 'list': {
      const records = await admin.list(values.all);
      return values.json ? JSON.stringify(records.map(describe)) : table(records, clock.now());
    }
    case 'revoke': {
      const [keyId] = rest;
      if (keyId === undefined) {
        throw new CliUsageError('revoke needs the key id');
      }
      const record = await admin.revoke(keyId, actor);
      return `Revoked ${record.keyId} (${record.name}) at ${record.revokedAt?.toISOString()}`;
    }
    default:
      throw new CliUsageError(command === undefined ? 'no command given' : `unknown command ${command}`);
  }
};
