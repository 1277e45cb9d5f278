import { Controller, Get, HttpStatus, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { RequireScopes } from '../../../common/auth/index.js';
import { ErrorEnvelope } from '../../../common/errors/index.js';
import { InstrumentsService } from '../instruments.service.js';
import {
  ExpiriesQuery,
  ExpiriesResponse,
  OptionChainQuery,
  OptionChainResponse,
  toOptionChainResponse,
  UnderlyingParams,
} from './dto/option-chain.dto.js';

@ApiTags('instruments')
@ApiResponse({ status: HttpStatus.BAD_REQUEST, type: ErrorEnvelope, description: 'Invalid parameters' })
@Controller('option-chains')
export class OptionChainsController {
  constructor(private readonly instruments: InstrumentsService) {}

  @Get(':underlying')
  @RequireScopes('market:read')
  @ApiOperation({ summary: 'Strikes with CE and PE tokens for an underlying and expiry (default: nearest)' })
  @ApiOkResponse({ type: OptionChainResponse })
  @ApiResponse({ status: HttpStatus.NOT_FOUND, type: ErrorEnvelope })
  async chain(
    @Param() { underlying }: UnderlyingParams,
    @Query() { expiry }: OptionChainQuery,
  ): Promise<OptionChainResponse> {
    return toOptionChainResponse(await this.instruments.optionChain(underlying, expiry));
  }

  @Get(':underlying/expiries')
  @RequireScopes('market:read')
  @ApiOperation({ summary: 'Nearest live option expiries of an underlying' })
  @ApiOkResponse({ type: ExpiriesResponse })
  async expiries(
    @Param() { underlying }: UnderlyingParams,
    @Query() { limit }: ExpiriesQuery,
  ): Promise<ExpiriesResponse> {
    return { underlying, expiries: await this.instruments.nearestExpiries(underlying, limit) };
  }
}
