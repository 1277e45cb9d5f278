import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { AUDIT_ACTOR_KINDS, type AuditActorKind, type StoredAuditEntry } from '../audit-entry.js';

const MAX_PAGE = 500;
const DEFAULT_PAGE = 100;
const METHODS = ['POST', 'PUT', 'PATCH', 'DELETE', 'GET'] as const;

export class AuditQueryParams {
  @ApiPropertyOptional({ default: DEFAULT_PAGE, maximum: MAX_PAGE })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  limit: number = DEFAULT_PAGE;

  @ApiPropertyOptional({ description: 'Cursor: only entries older than this id (use nextBefore of the last page)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  before?: number;

  @ApiPropertyOptional({ enum: AUDIT_ACTOR_KINDS }) @IsOptional() @IsIn(AUDIT_ACTOR_KINDS) actorKind?: AuditActorKind;
  @ApiPropertyOptional({ example: 'k3x9m2p7q4ab', description: 'API key id, JWT subject or local-demo' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  actorId?: string;
  @ApiPropertyOptional({ enum: METHODS }) @IsOptional() @IsIn(METHODS) method?: string;
  @ApiPropertyOptional({ example: '/accounts/:id/token', description: 'Route template' })
  @IsOptional()
  @Matches(/^\/[\w:/.{}*-]{0,200}$/, { message: 'route must be a route template such as /accounts/:id/token' })
  route?: string;
  @ApiPropertyOptional({ example: 403 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(599)
  statusCode?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(128) requestId?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Entries at or after this instant' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Entries before this instant' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class AuditEntryResponse {
  @ApiProperty() id!: number;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty() requestId!: string;
  @ApiProperty({ enum: AUDIT_ACTOR_KINDS }) actorKind!: AuditActorKind;
  @ApiPropertyOptional({ type: String, nullable: true }) actorId!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) actorName!: string | null;
  @ApiProperty({ example: 'PUT' }) method!: string;
  @ApiProperty({ example: '/accounts/:id/token' }) route!: string;
  @ApiProperty({ example: { id: 'primary' }, description: 'Path parameters of the request' })
  target!: Record<string, string>;
  @ApiProperty({ example: 200 }) statusCode!: number;
  @ApiPropertyOptional({ type: String, nullable: true }) clientIp!: string | null;
}

export class AuditPage {
  @ApiProperty({ type: AuditEntryResponse, isArray: true }) items!: AuditEntryResponse[];
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Pass as `before` for the next page' })
  nextBefore!: number | null;
}

export const toAuditEntryResponse = (entry: StoredAuditEntry): AuditEntryResponse => ({
  ...entry,
  occurredAt: entry.occurredAt.toISOString(),
});
