import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { SCOPES, type Scope } from '../../../common/auth/index.js';
import { ACCOUNT_ID_PATTERN } from '../../../config/sections/accounts-env.js';
import { MAX_KEY_NAME_LENGTH } from '../api-keys/api-key-admin.js';
import type { ApiKeyRecord } from '../api-keys/api-key.store.js';

const MAX_ACCOUNTS_PER_KEY = 50;

export class CreateApiKeyBody {
  @ApiProperty({ example: 'strategy-runner-1', maxLength: MAX_KEY_NAME_LENGTH })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_KEY_NAME_LENGTH)
  name!: string;

  @ApiProperty({ enum: SCOPES, isArray: true, example: ['market:read', 'orders:write'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(SCOPES.length)
  @IsIn(SCOPES, { each: true, message: `each scope must be one of ${SCOPES.join(', ')}` })
  scopes!: Scope[];

  @ApiPropertyOptional({ format: 'date-time', description: 'After this instant the key is refused (401)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'expiresAt must be an ISO 8601 instant, e.g. 2026-12-31T18:30:00Z' })
  expiresAt?: string;

  @ApiPropertyOptional({ isArray: true, type: String, example: ['primary'], description: 'Omit for all accounts' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ACCOUNTS_PER_KEY)
  @Matches(ACCOUNT_ID_PATTERN, { each: true, message: 'each account must be an account id' })
  accounts?: string[];
}

export class ApiKeyIdParams {
  @ApiProperty({ example: 'k3x9m2p7q4ab', pattern: '^[a-z0-9]{12}$' })
  @Matches(/^[a-z0-9]{12}$/, { message: 'id must be a 12-character API key id' })
  id!: string;
}

export class ListApiKeysQuery {
  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  includeRevoked?: boolean;
}

export class ApiKeyResponse {
  @ApiProperty({ example: 'k3x9m2p7q4ab', description: 'Public id: the part after tks_ in the key' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: SCOPES, isArray: true }) scopes!: Scope[];
  @ApiPropertyOptional({ type: String, isArray: true, nullable: true, description: 'null: every account' })
  accounts!: string[] | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) expiresAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ example: 'api_key:k3x9m2p7q4ab' }) createdBy!: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) revokedAt!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) revokedBy!: string | null;
  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Written in batches: may lag real use by AUTH_LAST_USED_FLUSH_INTERVAL_MS',
  })
  lastUsedAt!: string | null;
}

export class CreatedApiKeyResponse extends ApiKeyResponse {
  @ApiProperty({
    example: 'tks_k3x9m2p7q4ab_6sQ1…',
    description: 'The key. Shown this once: only a hash is stored, it cannot be shown again',
  })
  key!: string;
}

export class PrincipalResponse {
  @ApiProperty({ enum: ['api_key', 'jwt', 'local_demo'] }) kind!: string;
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: SCOPES, isArray: true }) scopes!: Scope[];
  @ApiPropertyOptional({ type: String, isArray: true, nullable: true, description: 'null: every account' })
  accounts!: string[] | null;
}

export const toApiKeyResponse = (record: ApiKeyRecord): ApiKeyResponse => ({
  id: record.keyId,
  name: record.name,
  scopes: record.scopes,
  accounts: record.accounts,
  expiresAt: record.expiresAt?.toISOString() ?? null,
  createdAt: record.createdAt.toISOString(),
  createdBy: record.createdBy,
  revokedAt: record.revokedAt?.toISOString() ?? null,
  revokedBy: record.revokedBy,
  lastUsedAt: record.lastUsedAt?.toISOString() ?? null,
});
