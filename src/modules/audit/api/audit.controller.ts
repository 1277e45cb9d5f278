import { Controller, Get, HttpStatus, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { RequireScopes } from '../../../common/auth/index.js';
import { ErrorEnvelope } from '../../../common/errors/index.js';
import { AuditStore } from '../audit.store.js';
import { AuditPage, AuditQueryParams, toAuditEntryResponse } from './audit.dto.js';

@ApiTags('audit')
@ApiResponse({ status: HttpStatus.BAD_REQUEST, type: ErrorEnvelope, description: 'Invalid parameters' })
@Controller('audit')
export class AuditController {
  constructor(private readonly store: AuditStore) {}

  @Get()
  @RequireScopes('accounts:admin')
  @ApiOperation({ summary: 'Audit trail of mutating requests, newest first, filtered, keyset-paginated' })
  @ApiOkResponse({ type: AuditPage })
  async list(@Query() query: AuditQueryParams): Promise<AuditPage> {
    const items = await this.store.query({
      ...query,
      from: query.from === undefined ? undefined : new Date(query.from),
      to: query.to === undefined ? undefined : new Date(query.to),
    });
    return {
      items: items.map(toAuditEntryResponse),
      nextBefore: items.length === query.limit ? (items.at(-1)?.id ?? null) : null,
    };
  }
}
