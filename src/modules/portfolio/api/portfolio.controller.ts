import { Body, Controller, Get, HttpCode, HttpStatus, Post, Put, Query } from '@nestjs/common';
import { ApiExtension, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireScopes, type Principal } from '../../../common/auth/index.js';
import { assertAccountAccess } from '../../../common/auth/account-access.js';
import { ErrorEnvelope } from '../../../common/errors/index.js';
import { PortfolioService } from '../portfolio.service.js';
import { AccountQuery } from '../../../common/validation/index.js';
import { HoldingResponse } from './dto/holdings.dto.js';
import {
  BasketMarginsBody,
  BasketMarginsResponse,
  MarginResponse,
  OrderMarginsBody,
} from './dto/margin-calculation.dto.js';
import { ConvertPositionBody, ConvertPositionResponse, PositionsResponse } from './dto/positions.dto.js';

const READ_SCOPE = ['orders:read'] as const;
const WRITE_SCOPE = ['orders:write'] as const;

@ApiTags('portfolio')
@ApiResponse({ status: HttpStatus.BAD_REQUEST, type: ErrorEnvelope, description: 'Invalid parameters' })
@ApiResponse({
  status: HttpStatus.FORBIDDEN,
  type: ErrorEnvelope,
  description: 'The credential may not use this account',
})
@ApiResponse({ status: HttpStatus.NOT_FOUND, type: ErrorEnvelope, description: 'No such account' })
@ApiResponse({ status: HttpStatus.SERVICE_UNAVAILABLE, type: ErrorEnvelope, description: 'The account needs a login' })
@Controller()
export class PortfolioController {
  constructor(private readonly portfolio: PortfolioService) {}

  @Get('portfolio/holdings')
  @RequireScopes(...READ_SCOPE)
  @ApiExtension('x-required-scopes', READ_SCOPE)
  @ApiOperation({ summary: 'Long-term equity holdings (demat)' })
  @ApiOkResponse({ type: HoldingResponse, isArray: true })
  holdings(
    @Query() { account_id }: AccountQuery,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<HoldingResponse[]> {
    assertAccountAccess(principal, account_id);
    return this.portfolio.holdings(account_id);
  }

  @Get('portfolio/positions')
  @RequireScopes(...READ_SCOPE)
  @ApiExtension('x-required-scopes', READ_SCOPE)
  @ApiOperation({ summary: 'Net and day positions; never served from before the account’s last order update' })
  @ApiOkResponse({ type: PositionsResponse })
  positions(
    @Query() { account_id }: AccountQuery,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<PositionsResponse> {
    assertAccountAccess(principal, account_id);
    return this.portfolio.positions(account_id);
  }

  @Put('portfolio/positions/convert')
  @RequireScopes(...WRITE_SCOPE)
  @ApiExtension('x-required-scopes', WRITE_SCOPE)
  @ApiOperation({ summary: 'Converts an open position to another product (e.g. MIS → NRML); never retried' })
  @ApiOkResponse({ type: ConvertPositionResponse })
  @ApiResponse({ status: HttpStatus.UNPROCESSABLE_ENTITY, type: ErrorEnvelope, description: 'Kite refused it' })
  async convert(
    @Body() body: ConvertPositionBody,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<ConvertPositionResponse> {
    assertAccountAccess(principal, body.account_id);
    await this.portfolio.convertPosition(body);
    return { status: 'success', account_id: body.account_id };
  }

  @Post('margins/orders')
  @HttpCode(HttpStatus.OK)
  @RequireScopes(...READ_SCOPE)
  @ApiExtension('x-required-scopes', READ_SCOPE)
  @ApiOperation({ summary: 'Margin and charges each order would need (a calculation: nothing is placed)' })
  @ApiOkResponse({ type: MarginResponse, isArray: true })
  orderMargins(@Body() body: OrderMarginsBody, @CurrentPrincipal() principal?: Principal): Promise<MarginResponse[]> {
    assertAccountAccess(principal, body.account_id);
    return this.portfolio.orderMargins(body.account_id, body.orders);
  }

  @Post('margins/basket')
  @HttpCode(HttpStatus.OK)
  @RequireScopes(...READ_SCOPE)
  @ApiExtension('x-required-scopes', READ_SCOPE)
  @ApiOperation({ summary: 'Margin of a basket with hedge benefit, optionally against open positions' })
  @ApiOkResponse({ type: BasketMarginsResponse })
  basketMargins(
    @Body() body: BasketMarginsBody,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<BasketMarginsResponse> {
    assertAccountAccess(principal, body.account_id);
    return this.portfolio.basketMargins(body.account_id, body.orders, body.consider_positions);
  }
}
