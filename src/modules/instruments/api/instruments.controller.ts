import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { RequireScopes } from '../../../common/auth/index.js';
import { ErrorEnvelope } from '../../../common/errors/index.js';
import { InstrumentsService } from '../instruments.service.js';
import { InstrumentSyncService } from '../sync/instrument-sync.service.js';
import {
  InstrumentPage,
  InstrumentResponse,
  InstrumentTokenParams,
  ListInstrumentsQuery,
  toInstrumentResponse,
} from './dto/instrument.dto.js';
import { ExchangeSyncResponse, SyncQuery } from './dto/sync.dto.js';

@ApiTags('instruments')
@ApiResponse({ status: HttpStatus.BAD_REQUEST, type: ErrorEnvelope, description: 'Invalid parameters' })
@Controller()
export class InstrumentsController {
  constructor(
    private readonly instruments: InstrumentsService,
    private readonly sync: InstrumentSyncService,
  ) {}

  @Get('instruments')
  @RequireScopes('market:read')
  @ApiOperation({ summary: 'Instrument master, filtered and paginated (ordered by token)' })
  @ApiOkResponse({ type: InstrumentPage })
  async list(@Query() query: ListInstrumentsQuery): Promise<InstrumentPage> {
    const { limit, offset, ...filter } = query;
    const page = await this.instruments.search(filter, limit, offset);
    return { items: page.items.map(toInstrumentResponse), total: page.total, limit, offset };
  }

  @Get('instruments/:token')
  @RequireScopes('market:read')
  @ApiOperation({ summary: 'One instrument by Kite token (retired ones included)' })
  @ApiOkResponse({ type: InstrumentResponse })
  @ApiResponse({ status: HttpStatus.NOT_FOUND, type: ErrorEnvelope })
  async byToken(@Param() { token }: InstrumentTokenParams): Promise<InstrumentResponse> {
    return toInstrumentResponse(await this.instruments.byToken(token));
  }

  @Get('instrument-sync')
  @RequireScopes('market:read', 'accounts:admin')
  @ApiOperation({ summary: 'Result of the last instrument sync per exchange' })
  @ApiOkResponse({ type: ExchangeSyncResponse, isArray: true })
  lastSync(): ExchangeSyncResponse[] {
    return this.sync.lastResults();
  }

  @Post('instrument-sync')
  @RequireScopes('accounts:admin')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Downloads and stores the instrument dumps now (joins a sync already running)' })
  @ApiOkResponse({ type: ExchangeSyncResponse, isArray: true })
  runSync(@Query() { force }: SyncQuery): Promise<ExchangeSyncResponse[]> {
    return this.sync.syncAll({ force: force ?? false });
  }
}
